package network.deai.node.app;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.incentive.domain.reward.ScoreEncoding;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ChainNames;
import network.deai.node.domain.TaskSpec;
import network.deai.node.job.FlFiles;
import network.deai.node.job.FlParameters;
import network.deai.node.job.JobContext;
import network.deai.node.learning.DigitsDataset;
import network.deai.node.requester.Requester;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Convert;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deai job}: federated training jobs for requesters. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "Submit and follow federated training jobs (the TrainingJobs contract).",
    subcommands = {
      JobCommand.Submit.class,
      JobCommand.Status.class,
      JobCommand.Scores.class,
      JobShardCommand.class,
      CommandLine.HelpCommand.class
    })
final class JobCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description = {
        "Upload the initial model, the validation set and the job spec to a node's artifact store,"
            + " then create the job, escrowing rounds × (pool + fee).",
        "Without --model a fresh digits softmax model (seeded) is used; without --validation the"
            + " bundled digits validation split."
      })
  static final class Submit implements Callable<Integer> {
    @CommandLine.Mixin ClientOptions chain = new ClientOptions();
    @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

    @Option(names = "--store-url", required = true, description = "A node's artifact store URL.")
    String storeUrl = "";

    @Option(
        names = "--model",
        description = "Initial model (safetensors weight [10,64], bias [10]).")
    @Nullable Path model;

    @Option(names = "--validation", description = "Validation set (safetensors x [n,64], y [n]).")
    @Nullable Path validation;

    @Option(names = "--rounds", defaultValue = "10")
    int rounds = 10;

    @Option(names = "--trainers", defaultValue = "10", description = "Trainers per round.")
    int trainers = 10;

    @Option(names = "--committee", defaultValue = "3", description = "Aggregators per round.")
    int committee = 3;

    @Option(names = "--quorum", defaultValue = "0", description = "0: a majority of the committee.")
    int quorum;

    @Option(names = "--rule", defaultValue = "multi-krum", description = "Robust rule.")
    String rule = "multi-krum";

    @Option(names = "--byzantine", defaultValue = "2", description = "f the rule is sized for.")
    int byzantine = 2;

    @Option(names = "--pool-ether", defaultValue = "1", description = "Trainer pool per round.")
    BigDecimal pool = BigDecimal.ONE;

    @Option(names = "--fee-ether", defaultValue = "0.1", description = "Committee fee per round.")
    BigDecimal fee = new BigDecimal("0.1");

    @Option(names = "--trainer-class", defaultValue = "1")
    long trainerClass = 1;

    @Option(names = "--aggregator-class", defaultValue = "2")
    long aggregatorClass = 2;

    @Option(names = "--commit-window", defaultValue = "60", description = "Blocks.")
    long commitWindow = 60;

    @Option(names = "--reveal-window", defaultValue = "30", description = "Blocks.")
    long revealWindow = 30;

    @Option(names = "--seed", defaultValue = "7")
    long seed = 7;

    @Override
    public Integer call() throws Exception {
      Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
      try {
        TrainingJobsClient client = chain.connectJobs(web3j);
        TransactionSender sender = signer.sender(web3j, client.chainId());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        byte[] modelFile =
            model != null
                ? Files.readAllBytes(model)
                : FlFiles.model(JobContext.MODEL, JobContext.MODEL.initialParameters(seed));
        FlFiles.readModel(JobContext.MODEL, modelFile); // refuse a malformed model here
        byte[] validationFile =
            validation != null
                ? Files.readAllBytes(validation)
                : FlFiles.dataset(DigitsDataset.split(seed).validation());
        FlFiles.readDataset(JobContext.MODEL, validationFile);
        FlParameters d = FlParameters.digits();
        FlParameters parameters =
            new FlParameters(
                rule.toLowerCase(Locale.ROOT),
                byzantine,
                d.sybilCosine(),
                d.learningRate(),
                d.epochs(),
                d.batchSize(),
                d.exactShapleyMax(),
                d.permutations(),
                d.utility(),
                d.flagMargin());
        ArtifactRef modelRef = Requester.upload(http, modelFile, storeUrl);
        ArtifactRef validationRef = Requester.upload(http, validationFile, storeUrl);
        TaskSpec spec =
            new TaskSpec(FlParameters.EXECUTOR, validationRef, modelRef, parameters.toJson(), seed);
        ArtifactRef specRef = Requester.upload(http, spec.canonicalBytes(), storeUrl);
        BigInteger poolWei = Convert.toWei(pool, Convert.Unit.ETHER).toBigIntegerExact();
        BigInteger feeWei = Convert.toWei(fee, Convert.Unit.ETHER).toBigIntegerExact();
        TrainingJobs.JobParams params =
            new TrainingJobs.JobParams(
                specRef.digest().toArray(),
                specRef.uri(),
                modelRef.digest().toArray(),
                BigInteger.valueOf(trainerClass),
                BigInteger.valueOf(aggregatorClass),
                BigInteger.valueOf(rounds),
                BigInteger.valueOf(trainers),
                BigInteger.valueOf(committee),
                BigInteger.valueOf(quorum),
                poolWei,
                feeWei,
                BigInteger.valueOf(commitWindow),
                BigInteger.valueOf(revealWindow));
        BigInteger escrow = poolWei.add(feeWei).multiply(BigInteger.valueOf(rounds));
        String data = client.createJobData(params);
        var error = client.simulate(sender.address(), data, escrow);
        if (error.isPresent()) {
          throw new IllegalArgumentException("createJob would revert: " + error.get());
        }
        sender.confirm(
            sender.send(client.address(), escrow, data, BigInteger.valueOf(6_000_000)),
            Duration.ofMinutes(2),
            "createJob");
        BigInteger jobId = client.jobCount();
        System.out.printf(
            "job %s created: %d rounds, %d trainers, committee %d, escrow %s wei%nspec %s%n",
            jobId, rounds, trainers, committee, escrow, specRef.uri());
        return 0;
      } finally {
        web3j.shutdown();
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a job's state.")
  static final class Status implements Callable<Integer> {
    @CommandLine.Mixin ClientOptions chain = new ClientOptions();

    @Parameters(paramLabel = "<job-id>")
    BigInteger jobId = BigInteger.ZERO;

    @Override
    public Integer call() throws Exception {
      Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
      try {
        TrainingJobsClient client = chain.connectJobs(web3j);
        TrainingJobs.JobView job = client.job(jobId);
        System.out.printf(
            "job %s  %s  round %d of %d  escrow %s wei  model %s%n",
            jobId,
            ChainNames.jobState(job.state.intValueExact()),
            job.round.longValueExact()
                + (job.state.intValueExact() == ChainNames.JOB_FINISHED ? 0 : 1),
            job.rounds.longValueExact(),
            job.escrow,
            org.web3j.utils.Numeric.toHexString(job.modelDigest));
        if (job.state.intValueExact() == ChainNames.JOB_RUNNING) {
          TrainingJobs.RoundView r = client.round(jobId, job.round.longValueExact());
          System.out.printf(
              "stage %s until block %s; trainers %d/%d committed, %d revealed; committee %d/%d"
                  + " committed, %d revealed%n",
              ChainNames.stage(r.stage.intValueExact()),
              r.deadline,
              r.trainCommitted.bitCount(),
              r.trainers.size(),
              r.trainRevealed.bitCount(),
              r.aggCommitted.bitCount(),
              r.committee.size(),
              r.aggRevealed.bitCount());
        }
        return 0;
      } finally {
        web3j.shutdown();
      }
    }
  }

  @Command(
      name = "scores",
      mixinStandardHelpOptions = true,
      description = "Per settled round: each trainer's posted Shapley score, flag and payout.")
  static final class Scores implements Callable<Integer> {
    @CommandLine.Mixin ClientOptions chain = new ClientOptions();

    @Parameters(paramLabel = "<job-id>")
    BigInteger jobId = BigInteger.ZERO;

    @Override
    public Integer call() throws Exception {
      Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
      try {
        TrainingJobsClient client = chain.connectJobs(web3j);
        long from = client.jobCreated(jobId).log.getBlockNumber().longValueExact();
        var logs = client.jobLogs(jobId, from);
        java.util.Map<String, BigInteger> paid = new java.util.HashMap<>();
        for (Log log : TrainingJobsClient.only(logs, TrainingJobs.TRAINERPAID_EVENT)) {
          var e = TrainingJobs.getTrainerPaidEventFromLog(log);
          paid.put(e.round + "/" + e.trainer.toLowerCase(Locale.ROOT), e.amount);
        }
        System.out.printf(
            "%-5s %-42s %12s %-8s %s%n", "round", "trainer", "score", "flagged", "paid (wei)");
        for (Log log : TrainingJobsClient.only(logs, TrainingJobs.ROUNDSETTLED_EVENT)) {
          var e = TrainingJobs.getRoundSettledEventFromLog(log);
          if (e.outcome.intValueExact() != ChainNames.ROUND_AGREED) {
            System.out.printf(
                "%-5d (no consensus: pool and fee refunded)%n", e.round.longValueExact() + 1);
            continue;
          }
          TrainingJobs.RoundView r = client.round(jobId, e.round.longValueExact());
          for (int i = 0; i < r.trainers.size(); i++) {
            String trainer = r.trainers.get(i);
            System.out.printf(
                Locale.ROOT,
                "%-5d %-42s %12.6f %-8s %s%n",
                e.round.longValueExact() + 1,
                trainer,
                ScoreEncoding.toDouble(e.scores.get(i).longValueExact()),
                e.flaggedMask.testBit(i) ? "yes" : "",
                paid.getOrDefault(
                    e.round + "/" + trainer.toLowerCase(Locale.ROOT), BigInteger.ZERO));
          }
        }
        return 0;
      } finally {
        web3j.shutdown();
      }
    }
  }
}
