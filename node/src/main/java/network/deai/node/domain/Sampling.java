package network.deai.node.domain;

import java.math.BigInteger;
import java.util.Objects;
import network.deai.contracts.abi.Address;

/**
 * A task's sampling record as {@code ITaskManager.getSampling} returns it ({@code SamplingView}),
 * field for field; every number is zero and the stage {@link SamplingStage#NONE} for a fully
 * replicated task.
 *
 * @param validators seats drawn when the task is checked ({@code replicas - 1})
 * @param decisionBlock the block whose hash decided the check (0 until decided)
 * @param challenger who challenged the unchecked result (the zero address if nobody)
 * @param challengeDeadline last block of the challenge window (0 unless unchecked)
 */
public record Sampling(
    SamplingStage stage,
    int sampleRateBps,
    int validators,
    long decisionBlock,
    Address challenger,
    BigInteger bond,
    long challengeDeadline) {
  /** Basis points in one. */
  public static final int BPS = 10_000;

  /** The challenger of a task nobody challenged. */
  public static final Address NOBODY = Address.of("0x" + "0".repeat(40));

  /** Checks ranges: a rate of at most 10000 bps, no negative count, block or bond. */
  public Sampling {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(challenger, "challenger");
    if (sampleRateBps < 0 || sampleRateBps > BPS) {
      throw new IllegalArgumentException("sample rate must be 0..10000 bps, got " + sampleRateBps);
    }
    if (validators < 0 || decisionBlock < 0 || challengeDeadline < 0 || bond.signum() < 0) {
      throw new IllegalArgumentException("negative sampling field");
    }
  }

  /** Whether the task is a sampled one (else fully replicated). */
  public boolean sampled() {
    return stage != SamplingStage.NONE;
  }

  /**
   * Whether the decision drew validators: exactly when the stage is {@link SamplingStage#CHECKED}
   * (an unchecked result stays unchecked when it is challenged), as the contract records it.
   */
  public boolean checked() {
    return stage == SamplingStage.CHECKED;
  }

  /** Whether somebody challenged the unchecked result. */
  public boolean challenged() {
    return !challenger.equals(NOBODY);
  }

  /** Whether {@code challenge} is open at {@code block}: unchecked, in its window, unchallenged. */
  public boolean challengeable(long block) {
    return stage == SamplingStage.UNCHECKED && block <= challengeDeadline && !challenged();
  }

  /**
   * Whether {@code finalize} may settle the task at {@code block} as far as sampling is concerned:
   * an unchecked result waits out its challenge window; every other stage follows the usual rules.
   */
  public boolean finalizableAt(long block) {
    return stage != SamplingStage.UNCHECKED || block > challengeDeadline;
  }

  /**
   * Whether {@code task} waits at {@code block} for the {@code startTask} that decides its check,
   * or that draws the validators of a challenge: it is Pending in {@link SamplingStage#EXECUTING}
   * or {@link SamplingStage#CHALLENGED} and its seed block is mined (a transaction sent now lands
   * after it; the contract accepts it from the block after the seed block on).
   */
  public boolean awaitsStart(Task task, long block) {
    return task.state() == TaskState.PENDING
        && stage.waitsForDecisionOrValidators()
        && block >= task.seedBlock();
  }

  /** Stage, decision and challenge in one line, as {@code deai task status} prints them. */
  public String describe() {
    if (!sampled()) {
      return "fully replicated";
    }
    StringBuilder line =
        new StringBuilder("sampled at ")
            .append(SampleRate.format(sampleRateBps))
            .append(" with ")
            .append(validators)
            .append(" validators, stage ")
            .append(stage.solidityName());
    if (decisionBlock > 0) {
      line.append(", ")
          .append(checked() ? "checked" : "unchecked")
          .append(" (decided by block ")
          .append(decisionBlock)
          .append(')');
    }
    if (stage == SamplingStage.UNCHECKED) {
      line.append(", challenge window to block ").append(challengeDeadline);
    }
    if (challenged()) {
      line.append(", challenged by ").append(challenger.hex()).append(" (bond ");
      line.append(bond).append(" wei)");
    }
    return line.toString();
  }
}
