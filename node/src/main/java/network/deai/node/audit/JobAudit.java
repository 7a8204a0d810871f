package network.deai.node.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.incentive.domain.reward.ScoreEncoding;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.domain.Job;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.RoundOutcome;
import network.deai.node.job.JobContext;
import network.deai.node.job.RoundAggregate;
import org.web3j.protocol.core.methods.response.Log;

/**
 * An auditor's re-check of a training job from public data only: for every settled round it
 * recomputes each revealed commitment from its salt, re-runs the committee's aggregation and
 * scoring from the revealed updates (fetched and digest-checked), compares the new model digest,
 * the scores digest and the flags with what the chain recorded, and checks the round's books: pool
 * + fee = trainer payouts + member payouts + requester credit (penalties go to the treasury,
 * outside the round's escrow).
 *
 * @param jobId the job
 * @param rounds one entry per settled round
 * @param payouts wei credited per address over the whole job (trainers and members)
 * @param penalties wei taken per address over the whole job
 */
public record JobAudit(
    BigInteger jobId,
    List<Round> rounds,
    Map<String, BigInteger> payouts,
    Map<String, BigInteger> penalties) {

  /**
   * One round's re-check.
   *
   * @param round the round number
   * @param outcome agreed or no consensus
   * @param trainers the round's trainers in selection order
   * @param scores the posted fixed-point scores (empty without agreement)
   * @param flaggedMask the posted flags
   * @param modelDigest the agreed new model (zero without agreement)
   * @param recomputed whether the recomputation matches the chain (true without agreement)
   * @param commitmentsOk whether every reveal hashes to its commitment
   * @param booksOk whether the round hands out exactly what it held
   * @param detail what did not match, empty when everything did
   */
  public record Round(
      long round,
      RoundOutcome outcome,
      List<String> trainers,
      List<Long> scores,
      long flaggedMask,
      Bytes32 modelDigest,
      boolean recomputed,
      boolean commitmentsOk,
      boolean booksOk,
      String detail) {
    /** Whether every check passed. */
    public boolean ok() {
      return recomputed && commitmentsOk && booksOk;
    }

    /** Whether the committee agreed (else the round ended without consensus). */
    public boolean agreed() {
      return outcome == RoundOutcome.AGREED;
    }
  }

  /** Whether every round passed every check. */
  public boolean ok() {
    return rounds.stream().allMatch(Round::ok);
  }

  /** Audits every settled round of the job of {@code context}. */
  public static JobAudit audit(TrainingJobsClient client, JobContext context) {
    return audit(client, context.jobId(), Outcome.ok(context));
  }

  /**
   * Audits every settled round of {@code jobId}. When {@code setup} is a final rejection (the job
   * cannot be run, see {@link JobContext#open}), each agreed round must be the refusal of {@link
   * RoundAggregate#refused}.
   *
   * @throws IllegalArgumentException when {@code setup} is a {@linkplain JobContext#retryable
   *     retryable} rejection: the audit needs the job's artifacts
   */
  public static JobAudit audit(
      TrainingJobsClient client, BigInteger jobId, Outcome<JobContext> setup) {
    long createdBlock =
        switch (setup) {
          case Outcome.Ok<JobContext> ok -> ok.value().createdBlock();
          case Outcome.Rejected<JobContext> r -> {
            if (JobContext.retryable(r.rejection())) {
              throw new IllegalArgumentException(
                  "cannot audit job " + jobId + " now: " + r.rejection());
            }
            yield client.jobCreated(jobId).log.getBlockNumber().longValueExact();
          }
        };
    Job job = client.job(jobId);
    List<Log> logs = client.jobLogs(jobId, createdBlock);
    Map<Long, TrainingJobs.RoundStartedEventResponse> started = new HashMap<>();
    for (Log log : TrainingJobsClient.only(logs, TrainingJobs.ROUNDSTARTED_EVENT)) {
      TrainingJobs.RoundStartedEventResponse e = TrainingJobs.getRoundStartedEventFromLog(log);
      started.put(e.round.longValueExact(), e);
    }
    Map<String, BigInteger> payouts = new TreeMap<>();
    Map<String, BigInteger> penalties = new TreeMap<>();
    Map<Long, BigInteger> paidPerRound = new HashMap<>();
    Map<Long, BigInteger> creditPerRound = new HashMap<>();
    for (Log log : logs) {
      String topic = log.getTopics().get(0);
      if (topic.equals(topic(TrainingJobs.TRAINERPAID_EVENT))) {
        var e = TrainingJobs.getTrainerPaidEventFromLog(log);
        add(payouts, e.trainer, e.amount);
        paidPerRound.merge(e.round.longValueExact(), e.amount, BigInteger::add);
      } else if (topic.equals(topic(TrainingJobs.MEMBERPAID_EVENT))) {
        var e = TrainingJobs.getMemberPaidEventFromLog(log);
        add(payouts, e.member, e.amount);
        paidPerRound.merge(e.round.longValueExact(), e.amount, BigInteger::add);
      } else if (topic.equals(topic(TrainingJobs.NODEPENALISED_EVENT))) {
        var e = TrainingJobs.getNodePenalisedEventFromLog(log);
        add(penalties, e.node, e.amount);
      } else if (topic.equals(topic(TrainingJobs.REQUESTERCREDITED_EVENT))) {
        var e = TrainingJobs.getRequesterCreditedEventFromLog(log);
        creditPerRound.merge(e.round.longValueExact(), e.amount, BigInteger::add);
      }
    }
    BigInteger perRound = job.poolPerRound().add(job.committeeFeePerRound());
    List<Round> rounds = new ArrayList<>();
    for (Log log : TrainingJobsClient.only(logs, TrainingJobs.ROUNDSETTLED_EVENT)) {
      TrainingJobs.RoundSettledEventResponse settled =
          TrainingJobs.getRoundSettledEventFromLog(log);
      long r = settled.round.longValueExact();
      network.deai.node.domain.Round view = client.round(jobId, r);
      StringBuilder detail = new StringBuilder();
      boolean commitmentsOk = RoundCommitments.check(client, logs, jobId, r, detail);
      boolean recomputed = true;
      List<Long> scores = new ArrayList<>();
      for (BigInteger s : settled.scores) {
        scores.add(s.longValueExact());
      }
      RoundOutcome outcome = RoundOutcome.fromChain(settled.outcome.intValueExact());
      if (outcome == RoundOutcome.AGREED) {
        TrainingJobs.RoundStartedEventResponse start = started.get(r);
        if (start == null) {
          recomputed = false;
          detail.append("no RoundStarted event; ");
        } else {
          Optional<String> seedProblem = RoundSeeds.check(client, logs, jobId, start);
          if (seedProblem.isPresent()) {
            recomputed = false;
            detail.append(seedProblem.get()).append("; ");
          }
          RoundAggregate result = expected(setup, view, r, Bytes32.wrap(start.modelDigest));
          recomputed &=
              check(
                  detail, "model digest", result.modelDigest(), Bytes32.wrap(settled.modelDigest));
          recomputed &=
              check(
                  detail,
                  "scores digest",
                  result.scoresDigest(),
                  Bytes32.wrap(settled.scoresDigest));
          if (result.flaggedMask() != settled.flaggedMask.longValueExact()) {
            recomputed = false;
            detail.append(
                String.format(
                    Locale.ROOT,
                    "flags: recomputed %s, chain %s; ",
                    Long.toBinaryString(result.flaggedMask()),
                    settled.flaggedMask.toString(2)));
          }
        }
      }
      BigInteger in = perRound;
      BigInteger out =
          paidPerRound
              .getOrDefault(r, BigInteger.ZERO)
              .add(creditPerRound.getOrDefault(r, BigInteger.ZERO));
      boolean booksOk = in.equals(out);
      if (!booksOk) {
        detail.append("books: in ").append(in).append(" wei, out ").append(out).append(" wei; ");
      }
      rounds.add(
          new Round(
              r,
              outcome,
              view.trainers(),
              scores,
              settled.flaggedMask.longValueExact(),
              Bytes32.wrap(settled.modelDigest),
              recomputed,
              commitmentsOk,
              booksOk,
              detail.toString().strip()));
    }
    return new JobAudit(jobId, rounds, payouts, penalties);
  }

  private static RoundAggregate expected(
      Outcome<JobContext> setup, network.deai.node.domain.Round view, long round, Bytes32 start) {
    return switch (setup) {
      case Outcome.Ok<JobContext> ok ->
          RoundAggregate.computed(ok.value().classifier(), ok.value().compute(view, round, start));
      case Outcome.Rejected<JobContext> r ->
          RoundAggregate.refused(start, view.trainers().size(), r.rejection());
    };
  }

  private static boolean check(StringBuilder detail, String what, Bytes32 mine, Bytes32 chain) {
    if (mine.equals(chain)) {
      return true;
    }
    detail.append(what).append(": recomputed ").append(mine).append(", chain ").append(chain);
    detail.append("; ");
    return false;
  }

  private static String topic(org.web3j.abi.datatypes.Event event) {
    return org.web3j.abi.EventEncoder.encode(event);
  }

  private static void add(Map<String, BigInteger> map, String address, BigInteger amount) {
    map.merge(address.toLowerCase(Locale.ROOT), amount, BigInteger::add);
  }

  /** The audit as JSON (for {@code deai audit job --json} and the devnet report). */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("job", jobId.toString());
    json.put("ok", ok());
    ArrayNode array = json.putArray("rounds");
    for (Round r : rounds) {
      ObjectNode node = array.addObject();
      node.put("round", r.round());
      node.put("outcome", r.agreed() ? "Agreed" : "NoConsensus");
      node.put("modelDigest", r.modelDigest().toString());
      node.put("flaggedMask", r.flaggedMask());
      ArrayNode scores = node.putArray("scores");
      for (long s : r.scores()) {
        scores.add(ScoreEncoding.toDouble(s));
      }
      ArrayNode trainers = node.putArray("trainers");
      r.trainers().forEach(trainers::add);
      node.put("recomputed", r.recomputed());
      node.put("commitmentsOk", r.commitmentsOk());
      node.put("booksOk", r.booksOk());
      node.put("detail", r.detail());
    }
    ObjectNode paid = json.putObject("payoutsWei");
    payouts.forEach((k, v) -> paid.put(k, v.toString()));
    ObjectNode taken = json.putObject("penaltiesWei");
    penalties.forEach((k, v) -> taken.put(k, v.toString()));
    return json;
  }
}
