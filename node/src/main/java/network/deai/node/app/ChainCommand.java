package network.deai.node.app;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import network.deai.node.chain.ContractDeployer;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai chain start|fund|deploy}: a local chain, funding keys, deploying the contracts. */
@Command(
    name = "chain",
    mixinStandardHelpOptions = true,
    description = "Chain operations that need no running node.",
    subcommands = {
      ChainStartCommand.class,
      ChainFundCommand.class,
      ChainCommand.Deploy.class,
      CommandLine.HelpCommand.class
    })
final class ChainCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "deploy",
      mixinStandardHelpOptions = true,
      showDefaultValues = true,
      description =
          "Deploy the TaskManager contract (or with --training-jobs the TrainingJobs contract)"
              + " and print its address.")
  static final class Deploy implements Callable<Integer> {
    @Option(
        names = "--rpc-url",
        defaultValue = "${DEAI_RPC_URL:-http://127.0.0.1:8545}",
        description = "JSON-RPC endpoint ($DEAI_RPC_URL).")
    String rpcUrl = "http://127.0.0.1:8545";

    @Option(
        names = "--private-key-file",
        required = true,
        showDefaultValue = CommandLine.Help.Visibility.NEVER,
        description = "File holding the deployer's private key (64 hex digits).")
    Path keyFile = Path.of("");

    @Option(
        names = "--stake-ether",
        defaultValue = "10",
        converter = EtherAmount.class,
        description = "Node stake (ether).")
    BigInteger stake = BigInteger.ZERO;

    @Option(
        names = "--slash-ether",
        defaultValue = "1",
        converter = EtherAmount.class,
        description = "Wrong-result slash (ether).")
    BigInteger slash = BigInteger.ZERO;

    @Option(
        names = "--no-show-ether",
        defaultValue = "2",
        converter = EtherAmount.class,
        description = "No-show slash (ether).")
    BigInteger noShow = BigInteger.ZERO;

    @Option(
        names = "--unbonding-blocks",
        defaultValue = "10",
        description = "Blocks an exiting node waits before it can take its stake out.")
    long unbonding = 10;

    @Option(
        names = "--treasury",
        defaultValue = ContractDeployer.BURN_ADDRESS,
        description =
            "Account every slashed wei is credited to. The default is a burn address nobody holds"
                + " a key for, so penalties are destroyed; name an insurance account to keep"
                + " them.")
    String treasury = ContractDeployer.BURN_ADDRESS;

    @Option(
        names = "--min-window",
        defaultValue = "5",
        description = "Shortest commit or reveal window (blocks) a task or job may ask for.")
    long minWindow = 5;

    @Option(
        names = "--min-fee-per-replica",
        defaultValue = "1000000000",
        description = "Smallest fee per replica (wei) a task may offer (TaskManager only).")
    BigInteger minFeePerReplica = BigInteger.valueOf(1_000_000_000L);

    @Option(
        names = "--training-jobs",
        description =
            "Deploy TrainingJobs (federated training jobs) instead; nodes name it as"
                + " jobs_contract.")
    boolean trainingJobs;

    @Override
    public Integer call() throws Exception {
      if (!treasury.matches("0x[0-9a-fA-F]{40}")) {
        throw new IllegalArgumentException(
            "--treasury " + treasury + " is not an address (0x and 40 hex digits)");
      }
      Credentials deployer = Credentials.create(Files.readString(keyFile).strip());
      Web3j web3j = NodeRuntime.connect(rpcUrl);
      try {
        long chainId = web3j.ethChainId().send().getChainId().longValueExact();
        ContractDeployer.Parameters parameters =
            new ContractDeployer.Parameters(
                stake, slash, noShow, unbonding, treasury, minWindow, minFeePerReplica);
        String address =
            trainingJobs
                ? ContractDeployer.deployTrainingJobs(web3j, deployer, chainId, parameters)
                : ContractDeployer.deploy(web3j, deployer, chainId, parameters);
        System.out.println("chain_id " + chainId);
        System.out.println((trainingJobs ? "jobs_contract " : "contract ") + address);
        return 0;
      } finally {
        web3j.shutdown();
      }
    }
  }
}
