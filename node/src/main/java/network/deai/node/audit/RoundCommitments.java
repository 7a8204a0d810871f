package network.deai.node.audit;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.Commitment;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.node.chain.TrainingJobsClient;
import org.web3j.protocol.core.methods.response.Log;

/** The auditor's re-check of a job round's commitments: every reveal must hash to its commit. */
final class RoundCommitments {
  private RoundCommitments() {}

  /**
   * Whether every trainer and committee reveal of {@code round} hashes to the commitment its sender
   * made; each one that does not is named in {@code detail}.
   */
  static boolean check(
      TrainingJobsClient client,
      List<Log> logs,
      BigInteger jobId,
      long round,
      StringBuilder detail) {
    Map<String, Bytes32> committed = new HashMap<>();
    for (Log log : logs) {
      String topic = log.getTopics().get(0);
      if (topic.equals(topic(TrainingJobs.UPDATECOMMITTED_EVENT))) {
        var e = TrainingJobs.getUpdateCommittedEventFromLog(log);
        if (e.round.longValueExact() == round) {
          committed.put(e.trainer.toLowerCase(Locale.ROOT), Bytes32.wrap(e.commitment));
        }
      } else if (topic.equals(topic(TrainingJobs.AGGREGATECOMMITTED_EVENT))) {
        var e = TrainingJobs.getAggregateCommittedEventFromLog(log);
        if (e.round.longValueExact() == round) {
          committed.put(e.member.toLowerCase(Locale.ROOT), Bytes32.wrap(e.commitment));
        }
      }
    }
    boolean ok = true;
    BigInteger key = TrainingJobsClient.roundKey(jobId, round);
    Address contract = Address.of(client.address());
    for (Log log : logs) {
      String topic = log.getTopics().get(0);
      Bytes32 expected;
      String who;
      if (topic.equals(topic(TrainingJobs.UPDATEREVEALED_EVENT))) {
        var e = TrainingJobs.getUpdateRevealedEventFromLog(log);
        if (e.round.longValueExact() != round) {
          continue;
        }
        who = e.trainer;
        Bytes32 digest = Bytes32.wrap(e.updateDigest);
        expected =
            Commitment.compute(
                client.chainId(),
                contract,
                key,
                Address.of(who),
                digest,
                digest,
                Bytes32.wrap(e.salt));
      } else if (topic.equals(topic(TrainingJobs.AGGREGATEREVEALED_EVENT))) {
        var e = TrainingJobs.getAggregateRevealedEventFromLog(log);
        if (e.round.longValueExact() != round) {
          continue;
        }
        who = e.member;
        Bytes32 model = Bytes32.wrap(e.modelDigest);
        expected =
            Commitment.compute(
                client.chainId(),
                contract,
                key,
                Address.of(who),
                model,
                Commitment.aggregateFingerprint(
                    model, Bytes32.wrap(e.scoresDigest), e.flaggedMask.longValueExact()),
                Bytes32.wrap(e.salt));
      } else {
        continue;
      }
      if (!java.util.Objects.equals(expected, committed.get(who.toLowerCase(Locale.ROOT)))) {
        ok = false;
        detail.append("commitment of ").append(who).append(" does not re-check; ");
      }
    }
    return ok;
  }

  private static String topic(org.web3j.abi.datatypes.Event event) {
    return org.web3j.abi.EventEncoder.encode(event);
  }
}
