package network.deai.node.app;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import network.deai.node.chain.TransactionSender;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Convert;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai chain fund}: sends ether from a funded key to a new node's or requester's key. */
@Command(
    name = "fund",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Send ether to an address (a new node's key needs its stake plus gas, e.g. 12 ETH with"
            + " the default 10 ETH stake) and wait until it is mined.")
final class ChainFundCommand implements Callable<Integer> {
  @Option(
      names = "--rpc-url",
      defaultValue = "${DEAI_RPC_URL:-http://127.0.0.1:8545}",
      description = "JSON-RPC endpoint ($DEAI_RPC_URL).")
  String rpcUrl = "http://127.0.0.1:8545";

  @Option(
      names = "--private-key-file",
      required = true,
      showDefaultValue = CommandLine.Help.Visibility.NEVER,
      description = "File holding the funded sender's private key (e.g. chain-keys/account-0.key).")
  Path keyFile = Path.of("");

  @Option(
      names = "--to",
      required = true,
      showDefaultValue = CommandLine.Help.Visibility.NEVER,
      description = "Recipient address (0x and 40 hex).")
  String to = "";

  @Option(names = "--ether", defaultValue = "12", description = "Amount in ether.")
  String amount = "12";

  @Option(
      names = "--data-dir",
      showDefaultValue = CommandLine.Help.Visibility.NEVER,
      description =
          "Where the sender's pending-transaction outbox lives, in a folder per address (default: "
              + ClientDataDir.DEFAULT_DESCRIPTION
              + "; a fund-outbox folder an earlier version left in the working directory is kept"
              + " in use, with a note).")
  @Nullable Path dataDir;

  @Option(
      names = "--outbox",
      showDefaultValue = CommandLine.Help.Visibility.NEVER,
      description = "The outbox folder itself, instead of one under --data-dir.")
  @Nullable Path outbox;

  @Override
  public Integer call() throws Exception {
    if (!to.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException(
          "--to " + to + " is not an address (0x and 40 hex digits)");
    }
    BigInteger wei;
    try {
      wei = Convert.toWei(new BigDecimal(amount), Convert.Unit.ETHER).toBigIntegerExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("--ether " + amount + " is not an amount of ether", e);
    }
    if (wei.signum() <= 0) {
      throw new IllegalArgumentException("--ether must be more than 0: " + amount);
    }
    if (!Files.isReadable(keyFile)) {
      throw new IllegalArgumentException("cannot read --private-key-file " + keyFile);
    }
    Credentials sender = Credentials.create(Files.readString(keyFile).strip());
    Web3j web3j = NodeRuntime.connect(rpcUrl);
    try {
      long chainId;
      BigInteger balance;
      try {
        chainId = web3j.ethChainId().send().getChainId().longValueExact();
        balance =
            web3j
                .ethGetBalance(sender.getAddress(), DefaultBlockParameterName.LATEST)
                .send()
                .getBalance();
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot reach the chain at " + rpcUrl, e);
      }
      if (balance.compareTo(wei) <= 0) {
        throw new IllegalArgumentException(
            sender.getAddress() + " holds " + balance + " wei, not enough to send " + wei);
      }
      try (TransactionSender tx =
          TransactionSender.open(web3j, sender, chainId, outbox(sender), Duration.ofMillis(200))) {
        TransactionSender.Sent sent = tx.send(to, wei, "0x", BigInteger.valueOf(21_000));
        tx.confirm(sent, Duration.ofMinutes(2), "funding " + to);
        System.out.println("sent " + amount + " ETH to " + to + " in " + sent.hash());
      }
      return 0;
    } finally {
      web3j.shutdown();
    }
  }

  private Path outbox(Credentials sender) {
    if (outbox != null) {
      return outbox;
    }
    ClientDataDir chosen = ClientDataDir.choose(dataDir, "fund-outbox");
    return chosen.legacy() ? chosen.announced() : chosen.outbox(sender.getAddress());
  }
}
