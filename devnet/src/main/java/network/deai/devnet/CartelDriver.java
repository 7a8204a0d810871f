package network.deai.devnet;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.Commitment;
import network.deai.node.chain.ChainError;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.Job;
import network.deai.node.domain.Round;
import network.deai.node.domain.Stage;
import network.deai.node.job.RoundAggregate;

/**
 * A committee cartel's members, driven outside the node software: in every round they sit in, all
 * members commit and reveal the same aggregate (the model unchanged, every trainer flagged but
 * {@code favourite}, all the score to it) and settle the round with it once reveals are over.
 */
final class CartelDriver {
  private static final BigInteger GAS = BigInteger.valueOf(3_000_000);
  private static final Duration CONFIRM = Duration.ofMinutes(1);

  private final TrainingJobsClient client;
  private final List<TransactionSender> members;
  private final int favourite;
  private final Bytes32 salt = Bytes32.fromLongs(7, 7, 7, 7);

  CartelDriver(TrainingJobsClient client, List<TransactionSender> members, int favourite) {
    this.client = client;
    this.members = List.copyOf(members);
    this.favourite = favourite;
  }

  /**
   * The cartel's aggregate for a round with {@code trainers} trainers starting from {@code model}.
   */
  RoundAggregate aggregate(Bytes32 model, int trainers) {
    long[] scores = new long[trainers];
    scores[favourite] = 1_000_000;
    int flagged = ((1 << trainers) - 1) & ~(1 << favourite);
    return new RoundAggregate(model, scores, flagged, null, "cartel");
  }

  /** One step for the job's current round; returns true once the job has ended. */
  boolean step(BigInteger jobId) {
    Job job = client.job(jobId);
    if (job.isFinal()) {
      return true;
    }
    long round = job.round();
    Round view = client.round(jobId, round);
    Stage stage = view.stage();
    RoundAggregate ours = aggregate(job.modelDigest(), view.trainers().size());
    for (TransactionSender member : members) {
      int index = indexOf(view.committee(), member.address());
      if (index < 0) {
        continue;
      }
      long bit = 1L << index;
      if (view.escalated()) {
        continue; // challenged: fresh aggregators recompute the round, the cartel can only wait
      }
      if (stage == Stage.CHALLENGE) {
        if (client.blockNumber() > view.deadline()) {
          send(
              member,
              client.settleRoundData(jobId, ours.modelDigest(), ours.flaggedMask(), ours.scores()));
        }
      } else if (stage == Stage.AGGREGATE_COMMIT && (view.aggCommitted() & bit) == 0) {
        send(member, client.commitAggregateData(jobId, commitment(jobId, round, member, ours)));
      } else if (stage == Stage.AGGREGATE_REVEAL
          && (view.aggCommitted() & bit) != 0
          && (view.aggRevealed() & bit) == 0) {
        send(member, reveal(jobId, ours));
      } else if (stage == Stage.AGGREGATE_REVEAL) {
        send(
            member,
            client.settleRoundData(jobId, ours.modelDigest(), ours.flaggedMask(), ours.scores()));
      }
    }
    return false;
  }

  private String reveal(BigInteger jobId, RoundAggregate ours) {
    return client.revealAggregateData(
        jobId,
        ours.modelDigest(),
        ours.scoresDigest(),
        ours.flaggedMask(),
        salt,
        "http://127.0.0.1:1/none");
  }

  private Bytes32 commitment(
      BigInteger jobId, long round, TransactionSender member, RoundAggregate ours) {
    Bytes32 fingerprint =
        Commitment.aggregateFingerprint(
            ours.modelDigest(), ours.scoresDigest(), ours.flaggedMask());
    return Commitment.compute(
        client.chainId(),
        Address.of(client.address()),
        TrainingJobsClient.roundKey(jobId, round),
        Address.of(member.address()),
        ours.modelDigest(),
        fingerprint,
        salt);
  }

  /**
   * Sends {@code data} from {@code member} when a simulation passes (else tries on a later step).
   */
  private void send(TransactionSender member, String data) {
    Optional<ChainError> error = client.simulate(member.address(), data, BigInteger.ZERO);
    if (error.isEmpty()) {
      member.confirm(member.send(client.address(), BigInteger.ZERO, data, GAS), CONFIRM, "cartel");
    }
  }

  private static int indexOf(List<?> addresses, String self) {
    for (int i = 0; i < addresses.size(); i++) {
      if (addresses.get(i).toString().equalsIgnoreCase(self)) {
        return i;
      }
    }
    return -1;
  }
}
