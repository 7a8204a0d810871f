package network.deai.node.app;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.chain.CustomErrors;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ChainNames;
import network.deai.node.domain.Outcome;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.job.JobContext;
import network.deai.node.job.RoundAggregate;
import org.web3j.utils.Convert;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deai job settle|start|cancel|withdraw}: what a requester (or anyone) does when a job's
 * nodes do not move it on by themselves, and how credit is taken out of the contract.
 */
final class JobControlCommands {
  private static final BigInteger GAS = BigInteger.valueOf(6_000_000);
  private static final Duration CONFIRM = Duration.ofMinutes(2);

  private JobControlCommands() {}

  /** The job, or a clear error when the contract holds no job with this id. */
  static TrainingJobs.JobView existing(TrainingJobsClient client, BigInteger jobId) {
    BigInteger count = client.jobCount();
    if (jobId.signum() <= 0 || jobId.compareTo(count) > 0) {
      throw new IllegalArgumentException(
          "no job "
              + jobId
              + " on this contract ("
              + (count.signum() == 0 ? "it holds no jobs yet" : "its jobs are 1.." + count)
              + ")");
    }
    return client.job(jobId);
  }

  private static TrainingJobs.JobView waiting(TrainingJobs.JobView job, String what) {
    int state = job.state.intValueExact();
    if (state != ChainNames.JOB_WAITING) {
      throw new IllegalArgumentException(
          "the job is "
              + ChainNames.jobState(state)
              + ": only a waiting job is "
              + what
              + (state == ChainNames.JOB_RUNNING
                  ? " (a running job starts its rounds itself)"
                  : ""));
    }
    return job;
  }

  private static void send(
      TrainingJobsClient client, TransactionSender sender, String data, String what) {
    Optional<CustomErrors.Decoded> error = client.simulate(sender.address(), data, BigInteger.ZERO);
    if (error.isPresent()) {
      throw new IllegalArgumentException(what + " would revert: " + describe(error.get()));
    }
    sender.confirm(sender.send(client.address(), BigInteger.ZERO, data, GAS), CONFIRM, what);
  }

  private static String describe(CustomErrors.Decoded error) {
    return error.name() + error.args();
  }

  @Command(
      name = "settle",
      mixinStandardHelpOptions = true,
      description = {
        "Settle a job's current round once its committee's reveals are over, when no committee"
            + " member does: anyone may.",
        "Without an agreed committee group the round ends without consensus (pool and fee"
            + " refunded). With one, the agreed aggregate is recomputed here from the revealed"
            + " updates, as deai audit job does, and posted; the contract checks it against the"
            + " group's commitment."
      })
  static final class Settle implements Callable<Integer> {
    @CommandLine.Mixin ClientOptions chain = new ClientOptions();
    @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

    @Parameters(paramLabel = "<job-id>")
    BigInteger jobId = BigInteger.ZERO;

    @Option(
        names = "--cache-dir",
        defaultValue = "${DEAI_DATA_DIR:-auditor-data}",
        description = "Where fetched artifacts are kept (default: ${DEFAULT-VALUE}).")
    Path cacheDir = Path.of("auditor-data");

    @Override
    public Integer call() {
      return chain.withJobs(this::run);
    }

    private int run(TrainingJobsClient client) {
      TrainingJobs.JobView job = existing(client, jobId);
      int state = job.state.intValueExact();
      long round = job.round.longValueExact();
      TrainingJobs.RoundView view =
          state == ChainNames.JOB_RUNNING || state == ChainNames.JOB_WAITING
              ? client.round(jobId, round)
              : null;
      int stage = view == null ? -1 : view.stage.intValueExact();
      if (view == null || (state == ChainNames.JOB_WAITING && stage != ChainNames.CHALLENGE)) {
        throw new IllegalArgumentException(
            "job "
                + jobId
                + " is "
                + ChainNames.jobState(state)
                + ": only a running job (or one whose challenged round waits) has a round to"
                + " settle");
      }
      boolean challengeOver =
          stage == ChainNames.CHALLENGE && client.blockNumber() > view.deadline.longValueExact();
      if (stage != ChainNames.AGGREGATE_REVEAL && !challengeOver) {
        throw new IllegalArgumentException(
            String.format(
                "round %d is in stage %s until block %s: a round's verdict is recorded after its"
                    + " committee's reveals and paid out after its challenge window",
                round + 1, ChainNames.stage(stage), view.deadline));
      }
      TransactionSender sender = signer.sender(client.web3j(), client.chainId());
      String none = client.settleRoundData(jobId, Bytes32.ZERO, 0, new long[0]);
      Optional<CustomErrors.Decoded> error =
          client.simulate(sender.address(), none, BigInteger.ZERO);
      if (error.isEmpty()) {
        send(client, sender, none, "settleRound");
      } else if (error.get().name().equals("TrainingJobsWrongScores")) {
        RoundAggregate agreed = recompute(client, job, view, round);
        send(
            client,
            sender,
            client.settleRoundData(
                jobId, agreed.modelDigest(), agreed.flaggedMask(), agreed.scores()),
            "settleRound with the recomputed aggregate");
      } else {
        throw new IllegalArgumentException(
            "round " + (round + 1) + " cannot be settled yet: " + describe(error.get()));
      }
      TrainingJobs.RoundView settled = client.round(jobId, round);
      if (settled.stage.intValueExact() == ChainNames.CHALLENGE) {
        System.out.printf(
            "job %s round %d decided: %s; it may be challenged until block %s, then settle pays"
                + " it out%n",
            jobId,
            round + 1,
            ChainNames.roundOutcome(settled.outcome.intValueExact()),
            settled.deadline);
      } else {
        System.out.printf(
            "job %s round %d settled: %s%n",
            jobId, round + 1, ChainNames.roundOutcome(settled.outcome.intValueExact()));
      }
      return 0;
    }

    private RoundAggregate recompute(
        TrainingJobsClient client, TrainingJobs.JobView job, TrainingJobs.RoundView view, long r) {
      ArtifactFetcher fetcher =
          new ArtifactFetcher(
              new ArtifactStore(cacheDir.resolve("artifacts")), 64L << 20, Duration.ofSeconds(30));
      Bytes32 start = Bytes32.wrap(job.modelDigest);
      return switch (JobContext.open(client, jobId, fetcher, 64L << 20)) {
        case Outcome.Ok<JobContext> ok ->
            RoundAggregate.computed(ok.value().compute(view, r, start));
        case Outcome.Rejected<JobContext> rejected -> {
          if (JobContext.retryable(rejected.rejection())) {
            throw new IllegalArgumentException(
                "the committee agreed, but the job's artifacts cannot be fetched to recompute"
                    + " its aggregate: "
                    + rejected.rejection());
          }
          yield RoundAggregate.refused(start, view.trainers.size(), rejected.rejection());
        }
      };
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Start the next round of a waiting job, once enough nodes are free.")
  static final class Start implements Callable<Integer> {
    @CommandLine.Mixin ClientOptions chain = new ClientOptions();
    @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

    @Parameters(paramLabel = "<job-id>")
    BigInteger jobId = BigInteger.ZERO;

    @Override
    public Integer call() {
      return chain.withJobs(this::run);
    }

    private int run(TrainingJobsClient client) {
      TrainingJobs.JobView waiting = waiting(existing(client, jobId), "started by hand");
      TransactionSender sender = signer.sender(client.web3j(), client.chainId());
      String data = client.startRoundData(jobId);
      Optional<CustomErrors.Decoded> error =
          client.simulatePending(sender.address(), data, BigInteger.ZERO);
      if (error.isPresent() && error.get().name().equals("TrainingJobsSeedNotReady")) {
        throw new IllegalArgumentException(
            String.format(
                "job %s started waiting in the latest block; its round can start from block %s"
                    + " on: try again then",
                jobId, error.get().args().get(1)));
      }
      if (error.isPresent() && error.get().name().equals("TrainingJobsNotEnoughNodes")) {
        throw new IllegalArgumentException(
            String.format(
                "too few free nodes for job %s: %s trainers of class %s are free (it needs at"
                    + " least %d) and %s committee members of class %s (it needs %d)",
                jobId,
                error.get().args().get(1),
                waiting.trainerClass,
                waiting.trainers.intValueExact() / 2 + 1,
                error.get().args().get(2),
                waiting.aggregatorClass,
                waiting.committee.intValueExact()));
      }
      if (error.isPresent()) {
        throw new IllegalArgumentException("startRound would revert: " + describe(error.get()));
      }
      sender.confirm(
          sender.send(client.address(), BigInteger.ZERO, data, GAS), CONFIRM, "startRound");
      TrainingJobs.JobView job = client.job(jobId);
      System.out.printf("job %s: round %d started%n", jobId, job.round.longValueExact() + 1);
      return 0;
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description =
          "Cancel a waiting job (requester only) and credit its remaining escrow to the requester;"
              + " take it out with deai job withdraw.")
  static final class Cancel implements Callable<Integer> {
    @CommandLine.Mixin ClientOptions chain = new ClientOptions();
    @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

    @Parameters(paramLabel = "<job-id>")
    BigInteger jobId = BigInteger.ZERO;

    @Override
    public Integer call() {
      return chain.withJobs(this::run);
    }

    private int run(TrainingJobsClient client) {
      TrainingJobs.JobView job = waiting(existing(client, jobId), "cancelled");
      TransactionSender sender = signer.sender(client.web3j(), client.chainId());
      if (!sender.address().equalsIgnoreCase(job.requester)) {
        throw new IllegalArgumentException(
            "only job "
                + jobId
                + "'s requester "
                + job.requester
                + " may cancel it, not "
                + sender.address());
      }
      send(client, sender, client.cancelJobData(jobId), "cancelJob");
      System.out.printf(
          "job %s cancelled: %s wei credited to %s%n", jobId, job.escrow, job.requester);
      return 0;
    }
  }

  @Command(
      name = "withdraw",
      mixinStandardHelpOptions = true,
      description =
          "Withdraw everything the TrainingJobs contract owes the signing key: a requester's"
              + " refunds and dust, a trainer's or committee member's pay.")
  static final class Withdraw implements Callable<Integer> {
    @CommandLine.Mixin ClientOptions chain = new ClientOptions();
    @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

    @Override
    public Integer call() {
      return chain.withJobs(this::run);
    }

    private int run(TrainingJobsClient client) {
      TransactionSender sender = signer.sender(client.web3j(), client.chainId());
      BigInteger owed = client.owed(sender.address());
      if (owed.signum() == 0) {
        System.out.printf("nothing to withdraw for %s%n", sender.address());
        return 0;
      }
      send(client, sender, client.withdrawData(), "withdraw");
      System.out.printf(
          "withdrew %s ETH (%s wei) to %s%n",
          Convert.fromWei(owed.toString(), Convert.Unit.ETHER).toPlainString(),
          owed,
          sender.address());
      return 0;
    }
  }
}
