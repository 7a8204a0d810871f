package network.deai.node.domain;

import java.util.List;
import java.util.Objects;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import org.jspecify.annotations.Nullable;

/**
 * A training round as {@code ITrainingJobs.getRound} returns it ({@code RoundView}), field for
 * field, with its effective stage (deadlines applied) and outcome as Java enums. Masks have bit
 * {@code i} for trainer or committee seat {@code i}: 32-bit trainer masks are {@code long}, 16-bit
 * committee masks {@code int}.
 *
 * @param deadline the last block of the current stage
 * @param trainers the round's trainers in selection order (hex addresses as the chain returned
 *     them)
 * @param committee the committee seats: the first members, then the escalation's fresh ones
 * @param updateDigests the revealed update digests by trainer index (zero where none was revealed)
 * @param modelDigest the verdict's model once recorded (zero before)
 * @param scoresDigest the verdict's scores digest once recorded (zero before)
 * @param challenger who challenged the verdict, or null while nobody did
 * @param escalationSeats committee seats drawn for a challenge (0: no escalation)
 */
public record Round(
    Stage stage,
    RoundOutcome outcome,
    long deadline,
    long trainCommitted,
    long trainRevealed,
    int aggCommitted,
    int aggRevealed,
    int groupMask,
    long flaggedMask,
    List<String> trainers,
    List<String> committee,
    List<Bytes32> updateDigests,
    Bytes32 modelDigest,
    Bytes32 scoresDigest,
    @Nullable Address challenger,
    int escalationSeats) {
  private static final int COMMITTEE_MASK = 0xFFFF;
  private static final long TRAINER_MASK = 0xFFFF_FFFFL;

  /** Copies the lists and checks that every mask fits its seats' width. */
  public Round {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(modelDigest, "modelDigest");
    Objects.requireNonNull(scoresDigest, "scoresDigest");
    trainers = List.copyOf(trainers);
    committee = List.copyOf(committee);
    updateDigests = List.copyOf(updateDigests);
    for (long mask : new long[] {trainCommitted, trainRevealed, flaggedMask}) {
      if ((mask & ~TRAINER_MASK) != 0) {
        throw new IllegalArgumentException("a trainer mask is 32 bits wide, got " + mask);
      }
    }
    for (int mask : new int[] {aggCommitted, aggRevealed, groupMask}) {
      if ((mask & ~COMMITTEE_MASK) != 0) {
        throw new IllegalArgumentException("a committee mask is 16 bits wide, got " + mask);
      }
    }
    if (escalationSeats < 0 || deadline < 0) {
      throw new IllegalArgumentException("negative seat count or deadline");
    }
  }

  /** Whether someone challenged the round's recorded verdict. */
  public boolean challenged() {
    return challenger != null;
  }

  /** Whether the round's escalation was drawn (fresh aggregators recompute it). */
  public boolean escalated() {
    return escalationSeats > 0;
  }
}
