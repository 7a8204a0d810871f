package network.deai.node.app;

import java.math.BigInteger;
import java.util.Locale;
import java.util.concurrent.Callable;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.incentive.domain.reward.ScoreEncoding;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.domain.Job;
import network.deai.node.domain.JobState;
import network.deai.node.domain.PenaltyReason;
import network.deai.node.domain.Round;
import network.deai.node.domain.RoundOutcome;
import network.deai.node.domain.Stage;
import org.web3j.protocol.core.methods.response.Log;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deai job status|scores}: what a requester reads of a job. */
final class JobQueryCommands {
  private JobQueryCommands() {}

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show a job's state, its round's stage and what it waits for.")
  static final class Status implements Callable<Integer> {
    @CommandLine.Mixin JobsClientOptions chain = new JobsClientOptions();

    @Parameters(paramLabel = "<job-id>", description = "The job's id (deai job submit printed it).")
    BigInteger jobId = BigInteger.ZERO;

    @Override
    public Integer call() {
      return chain.withJobs(this::run);
    }

    private int run(TrainingJobsClient client) {
      Job job = JobControlCommands.existing(client, jobId);
      System.out.printf(
          "job %s  %s  round %d of %d  escrow %s wei  model %s%n",
          jobId,
          job.state().solidityName(),
          job.round() + (job.state() == JobState.FINISHED ? 0 : 1),
          job.rounds(),
          job.escrow(),
          job.modelDigest().toHex());
      if (job.state() == JobState.RUNNING) {
        Round r = client.round(jobId, job.round());
        System.out.printf(
            "stage %s until block %s; trainers %d/%d committed, %d revealed; committee %d/%d"
                + " committed, %d revealed%n",
            r.stage().label(),
            r.deadline(),
            Long.bitCount(r.trainCommitted()),
            r.trainers().size(),
            Long.bitCount(r.trainRevealed()),
            Integer.bitCount(r.aggCommitted()),
            r.committee().size(),
            Integer.bitCount(r.aggRevealed()));
        long head = client.blockNumber();
        if (r.stage() == Stage.AGGREGATE_REVEAL
            && (head > r.deadline() || r.aggRevealed() == r.aggCommitted())) {
          System.out.printf(
              "the committee's reveals are over (now block %d): a member settles the round, or"
                  + " anyone with deai job settle %s%n",
              head, jobId);
        }
      } else if (job.state() == JobState.WAITING) {
        System.out.printf(
            "waiting for its next round to be started (by anyone, from block %d, with the hash of"
                + " block %s as seed): it needs %d trainers of GPU class %s (at least %d) and %d"
                + " committee members of class %s registered and idle; idle nodes of those"
                + " classes start it, deai job start %s tries now, deai job cancel %s refunds the"
                + " rest of the escrow%n",
            job.seedBlock() + 1,
            job.seedBlock(),
            job.trainers(),
            job.trainerClass(),
            job.minTrainers(),
            job.committee(),
            job.aggregatorClass(),
            jobId,
            jobId);
      }
      return 0;
    }
  }

  @Command(
      name = "scores",
      mixinStandardHelpOptions = true,
      description = "Per settled round: each trainer's posted Shapley score, flag and payout.")
  static final class Scores implements Callable<Integer> {
    @CommandLine.Mixin JobsClientOptions chain = new JobsClientOptions();

    @Parameters(paramLabel = "<job-id>", description = "The job's id (deai job submit printed it).")
    BigInteger jobId = BigInteger.ZERO;

    @Override
    public Integer call() {
      return chain.withJobs(this::run);
    }

    private int run(TrainingJobsClient client) {
      JobControlCommands.existing(client, jobId);
      long from = client.jobCreated(jobId).log.getBlockNumber().longValueExact();
      var logs = client.jobLogs(jobId, from);
      java.util.Map<String, BigInteger> paid = new java.util.HashMap<>();
      for (Log log : TrainingJobsClient.only(logs, TrainingJobs.TRAINERPAID_EVENT)) {
        var e = TrainingJobs.getTrainerPaidEventFromLog(log);
        paid.put(e.round + "/" + e.trainer.toLowerCase(Locale.ROOT), e.amount);
      }
      java.util.Map<String, String> penalised = new java.util.HashMap<>();
      for (Log log : TrainingJobsClient.only(logs, TrainingJobs.NODEPENALISED_EVENT)) {
        var e = TrainingJobs.getNodePenalisedEventFromLog(log);
        penalised.put(
            e.round + "/" + e.node.toLowerCase(Locale.ROOT),
            e.amount + " " + PenaltyReason.fromChain(e.reason.intValueExact()).label());
      }
      System.out.printf(
          "%-5s %-42s %12s %-8s %-22s %s%n",
          "round", "trainer", "score", "flagged", "paid (wei)", "penalised (wei)");
      for (Log log : TrainingJobsClient.only(logs, TrainingJobs.ROUNDSETTLED_EVENT)) {
        var e = TrainingJobs.getRoundSettledEventFromLog(log);
        long round = e.round.longValueExact();
        boolean agreed = RoundOutcome.fromChain(e.outcome.intValueExact()) == RoundOutcome.AGREED;
        if (!agreed) {
          System.out.printf("%-5d (no consensus: pool and fee refunded)%n", round + 1);
        }
        Round r = client.round(jobId, round);
        for (int i = 0; i < r.trainers().size(); i++) {
          String key = e.round + "/" + r.trainers().get(i).toLowerCase(Locale.ROOT);
          if (!agreed && !penalised.containsKey(key)) {
            continue;
          }
          System.out.printf(
              Locale.ROOT,
              "%-5d %-42s %12s %-8s %-22s %s%n",
              round + 1,
              r.trainers().get(i),
              agreed
                  ? String.format(
                      Locale.ROOT, "%.6f", ScoreEncoding.toDouble(e.scores.get(i).longValueExact()))
                  : "-",
              e.flaggedMask.testBit(i) ? "yes" : "",
              paid.getOrDefault(key, BigInteger.ZERO),
              penalised.getOrDefault(key, ""));
        }
        for (String member : r.committee()) {
          String key = e.round + "/" + member.toLowerCase(Locale.ROOT);
          if (penalised.containsKey(key)) {
            System.out.printf(
                "%-5d %-42s %12s %-8s %-22s %s%n",
                round + 1, member, "(committee)", "", "", penalised.get(key));
          }
        }
      }
      return 0;
    }
  }
}
