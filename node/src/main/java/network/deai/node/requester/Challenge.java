package network.deai.node.requester;

import java.math.BigInteger;
import java.time.Duration;
import java.util.function.Consumer;
import network.deai.node.chain.ChainError;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.Sampling;
import network.deai.node.domain.SamplingStage;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Challenges the unchecked result of a sampled task: checks that the task can be challenged now
 * (one plain line when not), says what bond it posts, then sends {@code challenge} with exactly
 * {@code challengeBond(taskId)} attached. Validators are drawn by the next {@code startTask}; a
 * rejected challenge's bond goes to the requester, an upheld one's comes back with a reward.
 */
public final class Challenge {
  private static final BigInteger GAS = BigInteger.valueOf(300_000);

  private Challenge() {}

  /** What was sent. */
  public record Posted(BigInteger taskId, BigInteger bond, String txHash, long block) {}

  /** Posts the bond against {@code taskId}'s unchecked result, reporting to {@code progress}. */
  public static Posted post(
      TaskManagerClient client,
      TransactionSender sender,
      BigInteger taskId,
      Consumer<String> progress) {
    Sampling sampling = client.sampling(taskId);
    long block = client.blockNumber();
    notChallengeable(taskId, sampling, block)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException(why);
            });
    BigInteger bond = client.challengeBond(taskId);
    progress.accept(
        String.format(
            "challenging task %s: posting a bond of %s wei (lost to the requester if the"
                + " validators agree with the executor; returned with a reward if they do not)",
            taskId, bond));
    String data = client.challengeData(taskId);
    client
        .simulatePending(sender.address(), data, bond)
        .ifPresent(
            error -> {
              throw new IllegalArgumentException(explain(taskId, error));
            });
    TransactionSender.Sent sent = sender.send(client.address(), bond, data, GAS);
    TransactionReceipt receipt = sender.confirm(sent, Duration.ofMinutes(2), "challenge");
    return new Posted(taskId, bond, sent.hash(), receipt.getBlockNumber().longValueExact());
  }

  /** Why {@code taskId} cannot be challenged at {@code block}, in one line, if it cannot. */
  static java.util.Optional<String> notChallengeable(
      BigInteger taskId, Sampling sampling, long block) {
    if (!sampling.sampled()) {
      return java.util.Optional.of(
          "task " + taskId + " is fully replicated: only a sampled task can be challenged");
    }
    if (sampling.challenged()) {
      return java.util.Optional.of(
          "task " + taskId + " was already challenged by " + sampling.challenger().hex());
    }
    if (sampling.stage() != SamplingStage.UNCHECKED) {
      return java.util.Optional.of(
          "task "
              + taskId
              + " is in stage "
              + sampling.stage().solidityName()
              + ": only an unchecked result can be challenged, inside its challenge window");
    }
    if (block > sampling.challengeDeadline()) {
      return java.util.Optional.of(
          "task "
              + taskId
              + "'s challenge window closed at block "
              + sampling.challengeDeadline()
              + " (now "
              + block
              + ")");
    }
    return java.util.Optional.empty();
  }

  private static String explain(BigInteger taskId, ChainError error) {
    return switch (error) {
      case ChainError.NotChallengeable e ->
          "task "
              + taskId
              + " cannot be challenged now (stage "
              + e.stage().solidityName()
              + ", challenge window to block "
              + e.challengeDeadline()
              + ")";
      case ChainError.WrongBond e ->
          "the bond must be exactly " + e.required() + " wei, sent " + e.sent();
      default -> "challenge would revert: " + error.describe();
    };
  }
}
