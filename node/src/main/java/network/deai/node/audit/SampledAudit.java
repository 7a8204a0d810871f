package network.deai.node.audit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.deai.node.domain.Sampling;
import network.deai.node.domain.SamplingDecision;
import network.deai.node.domain.SamplingEvent;

/**
 * The sampled-validation part of a task's audit: the stage, whether the check decision drew
 * validators and who they are, the decision recomputed from the decision block's hash, and the
 * challenge with where its bond went. {@code problems} lists every mismatch between the chain's
 * record and the rules.
 *
 * @param stage the sampling stage's Solidity name ("None" for a fully replicated task)
 * @param decisionSeed the seed the {@code TaskSampled} event recorded ("" until decided)
 * @param recomputedChecked the decision recomputed from blockhash(decisionBlock)
 * @param validators the validators' addresses, in seat order (empty when none were drawn)
 * @param outcome the challenge's outcome: "", "upheld", "rejected" or "neither"
 */
public record SampledAudit(
    String stage,
    int sampleRateBps,
    long decisionBlock,
    String decisionSeed,
    boolean checked,
    boolean recomputedChecked,
    List<String> validators,
    String challenger,
    BigInteger bond,
    String outcome,
    BigInteger toChallenger,
    BigInteger toRequester,
    List<String> problems) {

  /** Copies the lists. */
  public SampledAudit {
    validators = List.copyOf(validators);
    problems = List.copyOf(problems);
  }

  /** The audit part of a fully replicated task: nothing to show, nothing to check. */
  public static SampledAudit none() {
    return new SampledAudit(
        "None",
        0,
        0,
        "",
        false,
        false,
        List.of(),
        "",
        BigInteger.ZERO,
        "",
        BigInteger.ZERO,
        BigInteger.ZERO,
        List.of());
  }

  /** Whether the task is sampled. */
  public boolean sampled() {
    return !stage.equals("None");
  }

  /**
   * Checks a sampled task's record against the rules.
   *
   * @param recomputed the decision recomputed from the decision block's hash (empty until decided)
   * @param events the task's sampling events in order
   * @param requiredBond {@code challengeBond(taskId)}
   * @param executorPenalty what the executor (seat 0) was slashed
   * @param executorPaid whether the executor (seat 0) was paid: its result stood
   */
  static SampledAudit of(
      Sampling sampling,
      Optional<SamplingDecision> recomputed,
      List<SamplingEvent> events,
      List<String> validators,
      BigInteger requiredBond,
      BigInteger executorPenalty,
      boolean executorPaid) {
    List<String> problems = new ArrayList<>();
    Optional<SamplingEvent.Sampled> sampled = first(events, SamplingEvent.Sampled.class);
    String seed = sampled.map(s -> s.seed().toHex()).orElse("");
    recomputed.ifPresent(d -> checkDecision(sampling, d, sampled, problems));
    Optional<SamplingEvent.ChallengeResolved> resolved =
        first(events, SamplingEvent.ChallengeResolved.class);
    if (sampling.challenged() && !sampling.bond().equals(requiredBond)) {
      problems.add(
          "challenge bond is " + sampling.bond() + " wei, challengeBond gives " + requiredBond);
    }
    String outcome = "";
    if (resolved.isPresent()) {
      SamplingEvent.ChallengeResolved r = resolved.get();
      outcome = r.upheld() ? "upheld" : r.toRequester().signum() > 0 ? "rejected" : "neither";
      checkBond(sampling.bond(), executorPenalty, executorPaid, r, problems);
    }
    return new SampledAudit(
        sampling.stage().solidityName(),
        sampling.sampleRateBps(),
        sampling.decisionBlock(),
        seed,
        sampling.checked(),
        recomputed.map(SamplingDecision::checked).orElse(false),
        validators,
        sampling.challenged() ? sampling.challenger().hex() : "",
        sampling.bond(),
        outcome,
        resolved.map(SamplingEvent.ChallengeResolved::toChallenger).orElse(BigInteger.ZERO),
        resolved.map(SamplingEvent.ChallengeResolved::toRequester).orElse(BigInteger.ZERO),
        problems);
  }

  private static void checkDecision(
      Sampling sampling,
      SamplingDecision recomputed,
      Optional<SamplingEvent.Sampled> sampled,
      List<String> problems) {
    if (recomputed.checked() != sampling.checked()) {
      problems.add(
          "sampling decision: blockhash("
              + sampling.decisionBlock()
              + ") gives "
              + (recomputed.checked() ? "checked" : "unchecked")
              + " at "
              + sampling.sampleRateBps()
              + " bps, the chain recorded "
              + (sampling.checked() ? "checked" : "unchecked"));
    }
    if (sampled.isEmpty()) {
      problems.add("sampling decision: no TaskSampled event for the decided task");
    } else if (!sampled.get().seed().equals(recomputed.seed())
        || sampled.get().checked() != sampling.checked()
        || sampled.get().decisionBlock() != sampling.decisionBlock()) {
      problems.add(
          "sampling decision: TaskSampled recorded seed "
              + sampled.get().seed().toHex()
              + ", recomputed "
              + recomputed.seed().toHex());
    }
  }

  /**
   * Upheld: the challenger gets its bond back plus min(penalty, bond). Rejected (the executor's
   * result stood and was paid): the bond goes to the requester. Neither (no consensus, or a loser
   * that could not be slashed): the bond goes back. Nothing else moves.
   */
  private static void checkBond(
      BigInteger bond,
      BigInteger penalty,
      boolean executorPaid,
      SamplingEvent.ChallengeResolved r,
      List<String> problems) {
    BigInteger reward = r.upheld() ? bond.add(penalty.min(bond)) : BigInteger.ZERO;
    boolean ok =
        r.upheld()
            ? r.toChallenger().equals(reward) && r.toRequester().signum() == 0
            : executorPaid
                ? r.toRequester().equals(bond) && r.toChallenger().signum() == 0
                : r.toChallenger().equals(bond) && r.toRequester().signum() == 0;
    if (!ok) {
      problems.add(
          "challenge books: "
              + (r.upheld() ? "upheld" : "not upheld")
              + " with bond "
              + bond
              + " wei paid "
              + r.toChallenger()
              + " to the challenger and "
              + r.toRequester()
              + " to the requester"
              + (r.upheld()
                  ? "; the rules give " + reward + " to the challenger"
                  : executorPaid
                      ? "; the rules give the bond to the requester"
                      : "; the rules return the bond"));
    }
  }

  private static <T extends SamplingEvent> Optional<T> first(
      List<SamplingEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).findFirst();
  }
}
