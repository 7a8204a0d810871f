package network.deai.node.audit;

import java.math.BigInteger;
import java.util.List;

/**
 * A task's full record as an auditor sees it, and what the re-check found ({@code problems} is
 * empty when every commitment, the verdict and the payouts check out). {@code selectionSeed} and
 * {@code seedBlock} are the first round's; an escalated task has {@code escalationSeats} more seats
 * after its {@code replicas}' first-round ones, drawn with a later seed (both are re-checked). A
 * sampled task's {@code sampling} shows its check decision (recomputed), validators and challenge.
 */
public record TaskAudit(
    BigInteger taskId,
    String requester,
    String state,
    String mode,
    int quorum,
    int maxDistance,
    BigInteger fee,
    String specDigest,
    String specUri,
    String selectionSeed,
    long seedBlock,
    int escalationSeats,
    long commitDeadline,
    long revealDeadline,
    String verdictFingerprint,
    int groupSize,
    BigInteger payoutPerMember,
    BigInteger requesterCredit,
    List<Replica> replicas,
    SampledAudit sampling,
    List<String> problems) {

  /** Copies the lists. */
  public TaskAudit {
    replicas = List.copyOf(replicas);
    problems = List.copyOf(problems);
  }

  /** One replica's record. */
  public record Replica(
      int index,
      String worker,
      String commitment,
      String resultDigest,
      String fingerprint,
      String salt,
      String resultUri,
      boolean commitmentChecks,
      String outcome,
      BigInteger paid,
      BigInteger slashed,
      String slashReason) {}

  /** Whether the re-check passed. */
  public boolean consistent() {
    return problems.isEmpty();
  }
}
