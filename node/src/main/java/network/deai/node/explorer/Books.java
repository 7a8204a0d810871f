package network.deai.node.explorer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.TaskManagerClient;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The contract's books at one block: its balance must equal the stakes of every node, the fees of
 * the tasks not yet final (escrow) and what it owes every account an event named (the treasury
 * included). Every read is pinned to that block; a mismatch is read a second time before it is
 * reported, so an endpoint that serves a block's state before it has all of it cannot fake one.
 */
public record Books(
    long block, BigInteger balance, BigInteger stakes, BigInteger escrow, BigInteger owed) {

  /** What the books say the contract holds. */
  public BigInteger held() {
    return stakes.add(escrow).add(owed);
  }

  /** Whether the balance equals what the books hold. */
  public boolean balanced() {
    return balance.equals(held());
  }

  /** Reads the books of {@code client}'s contract at {@code block}, for the accounts indexed. */
  public static Books read(TaskManagerClient client, ChainIndex index, long block) {
    Books first = readOnce(client, index, block);
    return first.balanced() ? first : readOnce(client, index, block);
  }

  private static Books readOnce(TaskManagerClient client, ChainIndex index, long block) {
    DefaultBlockParameter at = DefaultBlockParameter.valueOf(BigInteger.valueOf(block));
    TaskManager views =
        TaskManager.load(
            client.address(),
            client.web3j(),
            new ReadonlyTransactionManager(client.web3j(), client.address()),
            new DefaultGasProvider());
    views.setDefaultBlockParameter(at);
    try {
      BigInteger balance = client.web3j().ethGetBalance(client.address(), at).send().getBalance();
      BigInteger stakes = BigInteger.ZERO;
      BigInteger owed = BigInteger.ZERO;
      for (ChainIndex.Account account : index.accounts()) {
        if (account.isNode()) {
          stakes = stakes.add(views.getNode(account.address()).send().stake);
        }
        owed = owed.add(views.owed(account.address()).send());
      }
      BigInteger escrow = BigInteger.ZERO;
      for (ChainIndex.TaskEntry task : index.openTasks()) {
        escrow = escrow.add(task.fee());
      }
      return new Books(block, balance, stakes, escrow, owed);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the books at block " + block + " failed", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("reading the books at block " + block + " failed", e);
    }
  }
}
