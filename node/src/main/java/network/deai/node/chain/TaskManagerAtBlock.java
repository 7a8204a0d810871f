package network.deai.node.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.domain.Node;
import network.deai.node.domain.Sampling;
import network.deai.node.domain.Task;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The TaskManager's balance and views as they were at the end of one block (historical {@code
 * eth_call}s: the endpoint must keep that state), as the node's records. For the books checks,
 * which must read every number at the same block. A failed read throws {@link UncheckedIOException}
 * (transport) or {@link IllegalStateException}.
 */
public final class TaskManagerAtBlock {
  private final TaskManagerClient client;
  private final TaskManager views;
  private final DefaultBlockParameter at;

  private TaskManagerAtBlock(
      TaskManagerClient client, TaskManager views, DefaultBlockParameter at) {
    this.client = client;
    this.views = views;
    this.at = at;
  }

  /** The views of {@code client}'s contract at {@code block}. */
  public static TaskManagerAtBlock of(TaskManagerClient client, long block) {
    DefaultBlockParameter at = DefaultBlockParameter.valueOf(BigInteger.valueOf(block));
    TaskManager views =
        TaskManager.load(
            client.address(),
            client.web3j(),
            new ReadonlyTransactionManager(client.web3j(), client.address()),
            new DefaultGasProvider());
    views.setDefaultBlockParameter(at);
    return new TaskManagerAtBlock(client, views, at);
  }

  /** The contract's ether balance in wei. */
  public BigInteger balance() {
    try {
      return client.web3j().ethGetBalance(client.address(), at).send().getBalance();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the contract's balance failed: " + e.getMessage(), e);
    }
  }

  /** A node's record (status None, every number zero, for an address that never registered). */
  public Node node(String account) {
    return TaskManagerViews.node(ContractRpc.call(views.getNode(account)));
  }

  /** What {@code account} can withdraw. */
  public BigInteger owed(String account) {
    return ContractRpc.call(views.owed(account));
  }

  /** A task's record. */
  public Task task(BigInteger taskId) {
    return TaskManagerViews.task(ContractRpc.call(views.getTask(taskId)));
  }

  /** A task's sampling record (its challenge bond is held until the task is final). */
  public Sampling sampling(BigInteger taskId) {
    return TaskManagerViews.sampling(ContractRpc.call(views.getSampling(taskId)));
  }

  /** Tasks created so far (ids run from 1 to this). */
  public long taskCount() {
    return ContractRpc.call(views.taskCount()).longValueExact();
  }
}
