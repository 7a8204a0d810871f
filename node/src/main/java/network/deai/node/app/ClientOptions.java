package network.deai.node.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import network.deai.node.chain.Keystore;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import picocli.CommandLine.Option;

/** Chain options shared by requester and auditor commands; each has a DEAI_* default. */
final class ClientOptions {
  @Option(
      names = "--rpc-url",
      defaultValue = "${DEAI_RPC_URL:-http://127.0.0.1:8545}",
      description = "JSON-RPC endpoint (default: $DEAI_RPC_URL or ${DEFAULT-VALUE}).")
  String rpcUrl = "http://127.0.0.1:8545";

  @Option(
      names = "--chain-id",
      defaultValue = "${DEAI_CHAIN_ID:-31337}",
      description = "Expected chain id (default: $DEAI_CHAIN_ID or ${DEFAULT-VALUE}).")
  long chainId = 31337;

  @Option(
      names = "--contract",
      defaultValue = "${DEAI_CONTRACT}",
      description = "TaskManager address (default: $DEAI_CONTRACT).")
  @Nullable String contract;

  @Option(
      names = "--jobs-contract",
      defaultValue = "${DEAI_JOBS_CONTRACT}",
      description = "TrainingJobs address, for job commands (default: $DEAI_JOBS_CONTRACT).")
  @Nullable String jobsContract;

  network.deai.node.chain.TrainingJobsClient connectJobs(Web3j web3j) {
    if (jobsContract == null || jobsContract.isBlank()) {
      throw new IllegalArgumentException(
          "need the TrainingJobs address: pass --jobs-contract 0x... or set DEAI_JOBS_CONTRACT");
    }
    if (!jobsContract.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException(
          "--jobs-contract " + jobsContract + " is not an address (0x and 40 hex digits)");
    }
    network.deai.node.chain.TrainingJobsClient client =
        network.deai.node.chain.TrainingJobsClient.connect(web3j, jobsContract, chainId);
    try {
      client.jobCount();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          jobsContract
              + " does not answer as a TrainingJobs contract: pass the address that deai chain"
              + " deploy --training-jobs printed",
          e);
    }
    return client;
  }

  /** Connects to the TrainingJobs contract, runs {@code command} on it and disconnects. */
  int withJobs(
      java.util.function.ToIntFunction<network.deai.node.chain.TrainingJobsClient> command) {
    Web3j web3j = NodeRuntime.connect(rpcUrl);
    try {
      return command.applyAsInt(connectJobs(web3j));
    } finally {
      web3j.shutdown();
    }
  }

  TaskManagerClient connect(Web3j web3j) {
    if (contract == null || contract.isBlank()) {
      throw new IllegalArgumentException(
          "need the TaskManager address: pass --contract 0x... or set DEAI_CONTRACT");
    }
    if (!contract.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException(
          "--contract "
              + contract
              + " is not an address (0x and 40 hex digits): pass the contract that deai chain"
              + " start or deai chain deploy printed");
    }
    return TaskManagerClient.connect(web3j, contract, chainId);
  }

  /** Signing options for commands that send transactions. */
  static final class Signer {
    @Option(
        names = "--keystore-file",
        defaultValue = "${DEAI_KEYSTORE_FILE}",
        description = "Encrypted key (deai keys new); default $DEAI_KEYSTORE_FILE.")
    @Nullable Path keystoreFile;

    @Option(names = "--passphrase-file", description = "Passphrase file (else $DEAI_PASSPHRASE).")
    @Nullable Path passphraseFile;

    @Option(
        names = "--data-dir",
        defaultValue = "${DEAI_DATA_DIR:-requester-data}",
        description = "Where the transaction outbox lives (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("requester-data");

    TransactionSender sender(TaskManagerClient client) {
      return sender(client.web3j(), client.chainId());
    }

    TransactionSender sender(Web3j web3j, long chainId) {
      if (keystoreFile == null) {
        throw new IllegalArgumentException(
            "need a key: pass --keystore-file <file> or set DEAI_KEYSTORE_FILE");
      }
      Credentials credentials =
          Keystore.load(keystoreFile, PassphraseSource.resolve(passphraseFile, System.getenv()));
      return TransactionSender.open(
          web3j,
          credentials,
          chainId,
          dataDir.resolve(credentials.getAddress().toLowerCase(Locale.ROOT)).resolve("outbox"),
          Duration.ofMillis(20));
    }
  }
}
