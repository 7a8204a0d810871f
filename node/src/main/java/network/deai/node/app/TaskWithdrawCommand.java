package network.deai.node.app;

import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.Callable;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Convert;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code deai task withdraw}: a requester takes out its refunds from the TaskManager. */
@Command(
    name = "withdraw",
    mixinStandardHelpOptions = true,
    description =
        "Withdraw everything the TaskManager owes the signing key: a requester's refunds (a"
            + " cancelled or expired task, the shares nobody earned) or a node's pay.")
final class TaskWithdrawCommand implements Callable<Integer> {
  private static final BigInteger GAS = BigInteger.valueOf(100_000);

  @CommandLine.Mixin ClientOptions chain = new ClientOptions();
  @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

  @Override
  public Integer call() {
    Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
    try {
      TaskManagerClient client = chain.connect(web3j);
      TransactionSender sender = signer.sender(client);
      BigInteger owed = client.owed(sender.address());
      if (owed.signum() == 0) {
        System.out.printf("nothing to withdraw for %s%n", sender.address());
        return 0;
      }
      sender.confirm(
          sender.send(client.address(), BigInteger.ZERO, client.withdrawData(), GAS),
          Duration.ofMinutes(2),
          "withdraw");
      System.out.printf(
          "withdrew %s ETH (%s wei) to %s%n",
          Convert.fromWei(owed.toString(), Convert.Unit.ETHER).toPlainString(),
          owed,
          sender.address());
      return 0;
    } finally {
      web3j.shutdown();
    }
  }
}
