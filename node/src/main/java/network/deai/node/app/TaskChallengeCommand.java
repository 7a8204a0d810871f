package network.deai.node.app;

import java.math.BigInteger;
import java.util.concurrent.Callable;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.requester.Challenge;
import org.web3j.protocol.Web3j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deai task challenge}: anyone disputes the unchecked result of a sampled task. */
@Command(
    name = "challenge",
    mixinStandardHelpOptions = true,
    description =
        "Challenge the unchecked result of a sampled task inside its challenge window by posting"
            + " the bond challengeBond(taskId) (printed first): validators recompute the task. If"
            + " they agree with the executor the bond goes to the requester; if not it comes back"
            + " with a share of the executor's penalty.")
final class TaskChallengeCommand implements Callable<Integer> {
  @CommandLine.Mixin ClientOptions chain = new ClientOptions();
  @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

  @Parameters(
      paramLabel = "<task-id>",
      description = "The task's id (deai task submit printed it).")
  BigInteger taskId = BigInteger.ZERO;

  @Override
  public Integer call() {
    Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
    try {
      TaskManagerClient client = chain.connect(web3j);
      TaskCommand.requireTask(client, taskId);
      Challenge.Posted posted =
          Challenge.post(client, signer.sender(client), taskId, System.out::println);
      System.out.printf(
          "task %s challenged in %s (block %d), bond %s wei; its validators are drawn next%n",
          taskId, posted.txHash(), posted.block(), posted.bond());
      return 0;
    } finally {
      web3j.shutdown();
    }
  }
}
