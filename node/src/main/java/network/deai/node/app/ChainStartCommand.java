package network.deai.node.app;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import network.deai.contracts.anvil.Anvil;
import network.deai.node.chain.ContractDeployer;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Convert;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deai chain start}: the embedded anvil with the settings the network needs (interval
 * mining, so a task's windows in blocks are not eaten by its own transactions), the contracts
 * deployed, and the funded keys written to files, in the foreground until Ctrl-C.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Start a local chain (the anvil the build installed) for trying deai on one machine:"
            + " interval mining, TaskManager and TrainingJobs deployed from the first account,"
            + " every funded account's private key written to --keys-dir. Runs until Ctrl-C;"
            + " its state is lost when it stops. The keys are anvil's well-known test keys:"
            + " never send real funds to them.")
final class ChainStartCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8545", description = "Loopback port to listen on.")
  int port = 8545;

  @Option(
      names = "--block-time",
      defaultValue = "1",
      description =
          "Seconds per block. Keep it above 0: with a block per transaction (automine) a task's"
              + " commit and reveal windows, counted in blocks, are used up by traffic.")
  int blockTime = 1;

  @Option(names = "--accounts", defaultValue = "10", description = "Funded accounts (1..100).")
  int accounts = 10;

  @Option(
      names = "--chain-id",
      defaultValue = "31337",
      description = "Chain id the chain reports; node.toml's chain_id must match it.")
  long chainId = 31337;

  @Option(
      names = "--keys-dir",
      defaultValue = "chain-keys",
      description =
          "Where account-<i>.key files (one private key each, mode 600) are written; pass one to"
              + " deai keys import, or to --private-key-file.")
  Path keysDir = Path.of("chain-keys");

  @Option(
      names = "--no-deploy",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Deploy TaskManager and TrainingJobs with deai chain deploy's defaults.")
  boolean deploy = true;

  @Override
  public Integer call() throws Exception {
    if (blockTime < 1) {
      throw new IllegalArgumentException(
          "--block-time must be at least 1 second: with a block per transaction a task's windows"
              + " are used up by its own traffic");
    }
    if (accounts < 1 || accounts > 100) {
      throw new IllegalArgumentException("--accounts must be in 1..100: " + accounts);
    }
    if (ListenFailure.loopbackPortTaken(port)) {
      throw new IllegalArgumentException(
          "127.0.0.1:"
              + port
              + " is in use (another chain?): stop it or pass --port with a free port");
    }
    Anvil anvil;
    try {
      anvil = Anvil.start(accounts, chainId, blockTime, port);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(
          "could not start the chain on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  anvil.close();
                  stopped.countDown();
                }));
    System.out.println("rpc_url " + anvil.rpcUrl());
    System.out.println("chain_id " + chainId);
    System.out.println("block_time_seconds " + blockTime);
    List<String> keys = anvil.privateKeys();
    if (deploy) {
      deployContracts(anvil, keys.get(0));
    }
    Files.createDirectories(keysDir);
    for (int i = 0; i < keys.size(); i++) {
      Path file = keysDir.resolve("account-" + i + ".key");
      Files.writeString(file, keys.get(i) + "\n", StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the file keeps its default permissions
      }
      System.out.println(
          "account " + i + " " + Credentials.create(keys.get(i)).getAddress() + " " + file);
    }
    System.out.println(
        "each account holds 10000 ETH; these are anvil's public test keys. Ctrl-C stops the"
            + " chain.");
    System.out.flush();
    stopped.await();
    return 0;
  }

  private void deployContracts(Anvil anvil, String key) throws Exception {
    Web3j web3j = NodeRuntime.connect(anvil.rpcUrl());
    try {
      Credentials deployer = Credentials.create(key);
      ContractDeployer.Parameters parameters =
          new ContractDeployer.Parameters(
              ether(10),
              ether(1),
              ether(2),
              10,
              ContractDeployer.BURN_ADDRESS,
              5,
              BigInteger.valueOf(1_000_000_000L));
      System.out.println(
          "contract " + ContractDeployer.deploy(web3j, deployer, chainId, parameters));
      System.out.println(
          "jobs_contract "
              + ContractDeployer.deployTrainingJobs(web3j, deployer, chainId, parameters));
    } finally {
      web3j.shutdown();
    }
  }

  private static BigInteger ether(long amount) {
    return Convert.toWei(BigInteger.valueOf(amount).toString(), Convert.Unit.ETHER)
        .toBigIntegerExact();
  }
}
