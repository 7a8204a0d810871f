package network.deai.node.app;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.chain.ChainError;
import network.deai.node.chain.JobError;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.Job;
import network.deai.node.domain.JobState;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Round;
import network.deai.node.domain.Stage;
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
  static Job existing(TrainingJobsClient client, BigInteger jobId) {
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

  private static Job waiting(Job job, String what) {
    JobState state = job.state();
    if (state != JobState.WAITING) {
      throw new IllegalArgumentException(
          "the job is "
              + state.solidityName()
              + ": only a waiting job is "
              + what
              + (state == JobState.RUNNING ? " (a running job starts its rounds itself)" : ""));
    }
    return job;
  }

  private static void send(
      TrainingJobsClient client, TransactionSender sender, String data, String what) {
    Optional<ChainError> error = client.simulate(sender.address(), data, BigInteger.ZERO);
    if (error.isPresent()) {
      throw new IllegalArgumentException(what + " would revert: " + error.get().describe());
    }
    sender.confirm(sender.send(client.address(), BigInteger.ZERO, data, GAS), CONFIRM, what);
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
    @CommandLine.Mixin JobsClientOptions chain = new JobsClientOptions();
    @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

    @Parameters(paramLabel = "<job-id>", description = "The job's id (deai job submit printed it).")
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
      Job job = existing(client, jobId);
      long round = job.round();
      Round view = job.state().isOpen() ? client.round(jobId, round) : null;
      if (view == null || (job.state() == JobState.WAITING && view.stage() != Stage.CHALLENGE)) {
        throw new IllegalArgumentException(
            "job "
                + jobId
                + " is "
                + job.state().solidityName()
                + ": only a running job (or one whose challenged round waits) has a round to"
                + " settle");
      }
      boolean challengeOver =
          view.stage() == Stage.CHALLENGE && client.blockNumber() > view.deadline();
      if (view.stage() != Stage.AGGREGATE_REVEAL && !challengeOver) {
        throw new IllegalArgumentException(
            String.format(
                "round %d is in stage %s until block %s: a round's verdict is recorded after its"
                    + " committee's reveals and paid out after its challenge window",
                round + 1, view.stage().label(), view.deadline()));
      }
      TransactionSender sender = signer.sender(client.web3j(), client.chainId());
      String none = client.settleRoundData(jobId, Bytes32.ZERO, 0, new long[0]);
      Optional<ChainError> error = client.simulate(sender.address(), none, BigInteger.ZERO);
      if (error.isEmpty()) {
        send(client, sender, none, "settleRound");
      } else if (error.get() instanceof JobError.WrongScores) {
        RoundAggregate agreed = recompute(client, job, view, round);
        send(
            client,
            sender,
            client.settleRoundData(
                jobId, agreed.modelDigest(), agreed.flaggedMask(), agreed.scores()),
            "settleRound with the recomputed aggregate");
      } else {
        throw new IllegalArgumentException(
            "round " + (round + 1) + " cannot be settled yet: " + error.get().describe());
      }
      Round settled = client.round(jobId, round);
      if (settled.stage() == Stage.CHALLENGE) {
        System.out.printf(
            "job %s round %d decided: %s; it may be challenged until block %s, then settle pays"
                + " it out%n",
            jobId, round + 1, settled.outcome().solidityName(), settled.deadline());
      } else {
        System.out.printf(
            "job %s round %d settled: %s%n", jobId, round + 1, settled.outcome().solidityName());
      }
      return 0;
    }

    private RoundAggregate recompute(TrainingJobsClient client, Job job, Round view, long r) {
      ArtifactFetcher fetcher =
          new ArtifactFetcher(
              new ArtifactStore(cacheDir.resolve("artifacts")), 64L << 20, Duration.ofSeconds(30));
      Bytes32 start = job.modelDigest();
      return switch (JobContext.open(client, jobId, fetcher, 64L << 20)) {
        case Outcome.Ok<JobContext> ok ->
            RoundAggregate.computed(ok.value().classifier(), ok.value().compute(view, r, start));
        case Outcome.Rejected<JobContext> rejected -> {
          if (JobContext.retryable(rejected.rejection())) {
            throw new IllegalArgumentException(
                "the committee agreed, but the job's artifacts cannot be fetched to recompute"
                    + " its aggregate: "
                    + rejected.rejection());
          }
          yield RoundAggregate.refused(start, view.trainers().size(), rejected.rejection());
        }
      };
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Start the next round of a waiting job, once enough nodes are free.")
  static final class Start implements Callable<Integer> {
    @CommandLine.Mixin JobsClientOptions chain = new JobsClientOptions();
    @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

    @Parameters(paramLabel = "<job-id>", description = "The job's id (deai job submit printed it).")
    BigInteger jobId = BigInteger.ZERO;

    @Override
    public Integer call() {
      return chain.withJobs(this::run);
    }

    private int run(TrainingJobsClient client) {
      Job waiting = waiting(existing(client, jobId), "started by hand");
      TransactionSender sender = signer.sender(client.web3j(), client.chainId());
      String data = client.startRoundData(jobId);
      Optional<ChainError> error = client.simulatePending(sender.address(), data, BigInteger.ZERO);
      if (error.isPresent()) {
        throw new IllegalArgumentException(refusal(waiting, error.get()));
      }
      sender.confirm(
          sender.send(client.address(), BigInteger.ZERO, data, GAS), CONFIRM, "startRound");
      Job job = client.job(jobId);
      System.out.printf("job %s: round %d started%n", jobId, job.round() + 1);
      return 0;
    }

    /** Why {@code startRound} of {@code waiting} would revert with {@code error}, for its user. */
    private String refusal(Job waiting, ChainError error) {
      return switch (error) {
        case JobError.SeedNotReady e ->
            String.format(
                "job %s started waiting in the latest block; its round can start from block %s"
                    + " on: try again then",
                jobId, e.firstBlock());
        case JobError.NotEnoughNodes e ->
            String.format(
                "too few free nodes for job %s: %s trainers of class %s are free (it needs at"
                    + " least %d) and %s committee members of class %s (it needs %d)",
                jobId,
                e.trainersFree(),
                waiting.trainerClass(),
                waiting.minTrainers(),
                e.committeeFree(),
                waiting.aggregatorClass(),
                waiting.committee());
        default -> "startRound would revert: " + error.describe();
      };
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description =
          "Cancel a waiting job (requester only) and credit its remaining escrow to the requester;"
              + " take it out with deai job withdraw.")
  static final class Cancel implements Callable<Integer> {
    @CommandLine.Mixin JobsClientOptions chain = new JobsClientOptions();
    @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

    @Parameters(paramLabel = "<job-id>", description = "The job's id (deai job submit printed it).")
    BigInteger jobId = BigInteger.ZERO;

    @Override
    public Integer call() {
      return chain.withJobs(this::run);
    }

    private int run(TrainingJobsClient client) {
      Job job = waiting(existing(client, jobId), "cancelled");
      TransactionSender sender = signer.sender(client.web3j(), client.chainId());
      if (!sender.address().equalsIgnoreCase(job.requester().hex())) {
        throw new IllegalArgumentException(
            "only job "
                + jobId
                + "'s requester "
                + job.requester()
                + " may cancel it, not "
                + sender.address());
      }
      send(client, sender, client.cancelJobData(jobId), "cancelJob");
      System.out.printf(
          "job %s cancelled: %s wei credited to %s%n", jobId, job.escrow(), job.requester());
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
    @CommandLine.Mixin JobsClientOptions chain = new JobsClientOptions();
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
