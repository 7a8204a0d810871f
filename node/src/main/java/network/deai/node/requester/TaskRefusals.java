package network.deai.node.requester;

import java.math.BigInteger;
import network.deai.node.chain.ChainError;
import network.deai.node.chain.TaskManagerClient;
import org.web3j.utils.Convert;

/**
 * Plain words for the TaskManager's refusals of a new task: what is wrong and what to change
 * (naming the {@code deai task submit} option in parentheses). Unknown errors keep their name and
 * arguments.
 */
final class TaskRefusals {
  private static final long MAX_WINDOW = (1L << 24) - 1;

  private TaskRefusals() {}

  /** One line about {@code error}, a refusal of {@code createTask} with {@code params}. */
  static String explain(ChainError error, Requester.Params params, TaskManagerClient client) {
    return switch (error) {
      case ChainError.FeeTooLow e -> feeTooLow(e, params);
      case ChainError.InvalidWindow e -> invalidWindow(e, client.minWindow());
      case ChainError.InvalidQuorum e -> invalidQuorum(params.replicas());
      case ChainError.InvalidFee e ->
          "the fee must be more than 0 and below 2^88 wei (--fee-ether), got " + e.fee();
      case ChainError.SampleRateBelowBound e ->
          String.format(
              "a sample rate of %s is below this TaskManager's bound of %s for this fee per"
                  + " replica: use --sample-rate %dbps or more",
              network.deai.node.domain.SampleRate.format((int) e.sampleRateBps()),
              network.deai.node.domain.SampleRate.format((int) e.minSampleRateBps()),
              e.minSampleRateBps());
      case ChainError.InvalidSampling e ->
          String.format(
              "a sampled task needs 1 to 4 validators (--validators, got %d) and no --quorum",
              e.replicas() - 1);
      default -> error.describe();
    };
  }

  private static String feeTooLow(ChainError.FeeTooLow error, Requester.Params params) {
    BigInteger least = error.minFeePerReplica().multiply(BigInteger.valueOf(params.replicas()));
    return String.format(
        "the fee pays %s wei per replica but this TaskManager asks at least %s wei per replica:"
            + " raise the fee to at least %s wei for %d replicas (--fee-ether %s)",
        error.feePerReplica(),
        error.minFeePerReplica(),
        least,
        params.replicas(),
        Convert.fromWei(least.toString(), Convert.Unit.ETHER).toPlainString());
  }

  private static String invalidWindow(ChainError.InvalidWindow error, long minWindow) {
    return String.format(
        "commit window %s and reveal window %s must each be %d..%d blocks on this TaskManager"
            + " (--commit-window, --reveal-window) and the start window %s must be 1..%d blocks"
            + " (--start-window)",
        error.commitWindow(),
        error.revealWindow(),
        minWindow,
        MAX_WINDOW,
        error.startWindow(),
        MAX_WINDOW);
  }

  private static String invalidQuorum(int replicas) {
    return String.format(
        "the quorum must be a strict majority of the %d replicas: %d..%d (--quorum), or leave it"
            + " out for %d",
        replicas, replicas / 2 + 1, replicas, replicas / 2 + 1);
  }
}
