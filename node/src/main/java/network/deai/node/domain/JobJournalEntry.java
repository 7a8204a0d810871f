package network.deai.node.domain;

import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.abi.Bytes32;

/**
 * What a node records, durably and before it signs the commitment, about its part in a training
 * job's round: a trainer's update (trained, or refused) or a committee member's aggregate, each
 * with the salt its commitment binds and the URI it reveals, so a restarted node reveals exactly
 * what it committed to and never commits to something else for the same round. A round holds at
 * most one {@link Update} and one {@link AggregatePrepared} of a node.
 */
public sealed interface JobJournalEntry {
  /** The job the entry belongs to. */
  BigInteger jobId();

  /** The round of the job, from 0. */
  long round();

  /** The salt the commitment binds. */
  Bytes32 salt();

  /** Where this node serves the artifact it reveals. */
  String uri();

  /** A trainer's update for a round; its {@link #digest} is what it commits to. */
  sealed interface Update extends JobJournalEntry {
    /** The digest of the update file (or of the rejection document, for a refusal). */
    Bytes32 digest();
  }

  /** A trainer trained on its shard and stored the update file with {@code digest}. */
  record UpdateTrained(BigInteger jobId, long round, Bytes32 digest, Bytes32 salt, String uri)
      implements Update {
    public UpdateTrained {
      checkRound(round);
    }
  }

  /**
   * A trainer cannot run the job (reason {@code code}) and commits to its rejection document, with
   * {@code digest}, instead.
   */
  record UpdateRefused(
      BigInteger jobId, long round, Bytes32 digest, Bytes32 salt, String uri, String code)
      implements Update {
    public UpdateRefused {
      checkRound(round);
    }
  }

  /**
   * A committee member's aggregate for a round: the new model, the digest of the trainers' scores,
   * the mask of flagged trainers and the scores; {@code complete} when it aggregated every revealed
   * update (only such an aggregate may challenge a different verdict).
   */
  record AggregatePrepared(
      BigInteger jobId,
      long round,
      boolean complete,
      Bytes32 model,
      Bytes32 scoresDigest,
      long flagged,
      List<Long> scores,
      Bytes32 salt,
      String uri)
      implements JobJournalEntry {
    public AggregatePrepared {
      checkRound(round);
      scores = List.copyOf(scores);
    }

    /** The scores as the contract takes them. */
    public long[] scoreArray() {
      return scores.stream().mapToLong(Long::longValue).toArray();
    }
  }

  private static void checkRound(long round) {
    if (round < 0) {
      throw new IllegalArgumentException("round must be >= 0, got " + round);
    }
  }
}
