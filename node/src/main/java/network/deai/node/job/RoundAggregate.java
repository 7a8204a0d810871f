package network.deai.node.job;

import java.util.Arrays;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.incentive.domain.reward.ScoreEncoding;
import network.deai.learning.Model;
import network.deai.node.domain.Rejection;
import org.jspecify.annotations.Nullable;

/**
 * What an honest committee member commits to for a round, and what an auditor expects on chain: the
 * new model's digest, the fixed-point scores and the flags. For a usable job it comes from {@link
 * RoundComputation}; for a job that honest nodes cannot run (its spec, validation set or initial
 * model is unusable, see {@link JobContext#open}) it is the refusal: the model stays as it was,
 * every trainer scores 1 (10⁻⁹; the chain pays only those that revealed, so the trainers that
 * checked the inputs share the pool equally and a bad job costs its requester the pool; all-zero
 * scores would send it back) and nobody is flagged, which settles the round without penalising the
 * trainers who refused the job too.
 *
 * @param modelDigest the new model's digest
 * @param scores one fixed-point score per trainer of the round, in selection order
 * @param flaggedMask bit i set when trainer i is flagged
 * @param modelFile the new model file, or null when the model did not change because of a refusal
 * @param summary what happened, for the log
 */
@SuppressWarnings("ArrayRecordComponent") // built once, read by the journal and the audit
public record RoundAggregate(
    Bytes32 modelDigest,
    long[] scores,
    int flaggedMask,
    byte @Nullable [] modelFile,
    String summary) {

  /** The aggregate of a round computed for a job that trains {@code classifier}. */
  public static RoundAggregate computed(Model classifier, RoundComputation.Result result) {
    byte[] file = FlFiles.model(classifier, result.model());
    return new RoundAggregate(
        Hashes.sha256(file),
        result.scores().clone(),
        result.flaggedMask(),
        file,
        result.rule()
            + ": flagged "
            + Integer.toBinaryString(result.flaggedMask())
            + ", clusters "
            + result.clusters());
  }

  /** The refusal of a round of a job that cannot be run, started from model {@code start}. */
  public static RoundAggregate refused(Bytes32 start, int trainers, Rejection why) {
    long[] scores = new long[trainers];
    Arrays.fill(scores, 1);
    return new RoundAggregate(start, scores, 0, null, "job refused: " + why);
  }

  /** keccak256(abi.encode(int64[] scores)). */
  public Bytes32 scoresDigest() {
    return ScoreEncoding.digest(scores);
  }
}
