package network.deai.node.app;

import java.util.function.ToIntFunction;
import network.deai.node.chain.TrainingJobsClient;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.Web3j;
import picocli.CommandLine.Option;

/**
 * Options of the training-job commands: the chain ({@link RpcOptions}) and the TrainingJobs
 * address; each has a DEAI_* default.
 */
final class JobsClientOptions extends RpcOptions {
  @Option(
      names = "--jobs-contract",
      defaultValue = "${DEAI_JOBS_CONTRACT}",
      description = "TrainingJobs address (default: $DEAI_JOBS_CONTRACT).")
  @Nullable String jobsContract;

  TrainingJobsClient connectJobs(Web3j web3j) {
    return connect(web3j, jobsContract, chainId);
  }

  /** Connects to the TrainingJobs contract, runs {@code command} on it and disconnects. */
  int withJobs(ToIntFunction<TrainingJobsClient> command) {
    Web3j web3j = NodeRuntime.connect(rpcUrl);
    try {
      return command.applyAsInt(connectJobs(web3j));
    } finally {
      web3j.shutdown();
    }
  }

  /**
   * The TrainingJobs contract at {@code address} on chain {@code chainId}; refused in one line when
   * the address is missing, malformed or not a TrainingJobs contract.
   */
  static TrainingJobsClient connect(Web3j web3j, @Nullable String address, long chainId) {
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException(
          "need the TrainingJobs address: pass --jobs-contract 0x... or set DEAI_JOBS_CONTRACT");
    }
    if (!address.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException(
          "--jobs-contract " + address + " is not an address (0x and 40 hex digits)");
    }
    TrainingJobsClient client = TrainingJobsClient.connect(web3j, address, chainId);
    try {
      client.jobCount();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          address
              + " does not answer as a TrainingJobs contract: pass the address that deai chain"
              + " deploy --training-jobs printed",
          e);
    }
    return client;
  }
}
