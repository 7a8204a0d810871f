package network.deai.node.app;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.learning.DigitsDataset;
import network.deai.learning.Model;
import network.deai.node.chain.RoundStarter;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.StartAttempt;
import network.deai.node.domain.TaskSpec;
import network.deai.node.job.FlFiles;
import network.deai.node.job.FlParameters;
import network.deai.node.requester.Requester;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.Web3j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai job}: federated training jobs for requesters. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "Submit and follow federated training jobs (the TrainingJobs contract).",
    subcommands = {
      JobCommand.Submit.class,
      JobQueryCommands.Status.class,
      JobQueryCommands.Scores.class,
      JobControlCommands.Settle.class,
      JobControlCommands.Start.class,
      JobControlCommands.Cancel.class,
      JobControlCommands.Withdraw.class,
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
      showDefaultValues = true,
      description = {
        "Upload the initial model, the validation set and the job spec to a node's artifact store,"
            + " then create the job, escrowing rounds × (pool + fee).",
        "Without --model a fresh digits softmax model (seeded) is used; without --validation the"
            + " bundled digits validation split."
      })
  static final class Submit implements Callable<Integer> {
    @CommandLine.Mixin JobsClientOptions chain = new JobsClientOptions();
    @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

    @Option(
        names = "--store-url",
        required = true,
        showDefaultValue = CommandLine.Help.Visibility.NEVER,
        description = "A node's artifact store URL, e.g. http://127.0.0.1:8081.")
    String storeUrl = "";

    @Option(
        names = "--model",
        description = "Initial model (safetensors weight [10,64], bias [10]).")
    @Nullable Path model;

    @Option(names = "--validation", description = "Validation set (safetensors x [n,64], y [n]).")
    @Nullable Path validation;

    @Option(names = "--rounds", defaultValue = "10", description = "Training rounds (1..1000).")
    int rounds = 10;

    @Option(
        names = "--trainers",
        defaultValue = "10",
        description =
            "Trainers per round (1..32), from --trainer-class; a round starts with fewer, but at"
                + " least half plus one, when fewer are free.")
    int trainers = 10;

    @Option(
        names = "--committee",
        defaultValue = "3",
        description = "Aggregators per round (1..16), from --aggregator-class.")
    int committee = 3;

    @Option(names = "--quorum", defaultValue = "0", description = "0: a majority of the committee.")
    int quorum;

    @Option(
        names = "--rule",
        defaultValue = FlParameters.DEFAULT_RULE,
        description =
            "Robust rule: fedavg, median, trimmed-mean, krum, multi-krum, bulyan, ubar or cc"
                + " (centered clipping), optionally behind nnm (nearest-neighbour mixing) and/or"
                + " bucketing, joined by '+': e.g. nnm+median, bucketing+krum (default:"
                + " ${DEFAULT-VALUE}: it leaves the fewest honest trainers unpaid on skewed data).")
    String rule = FlParameters.DEFAULT_RULE;

    @Option(names = "--byzantine", defaultValue = "2", description = "f the rule is sized for.")
    int byzantine = 2;

    @Option(
        names = "--architecture",
        defaultValue = "softmax",
        description =
            "Model trained: softmax; mlp:H for one ReLU hidden layer of H units (1..1024),"
                + " e.g. mlp:64; or cnn:C for a 5x5 convolution of C channels (1..64), ReLU,"
                + " 2x2 max-pool and a dense layer, e.g. cnn:8. Trainers train each with either"
                + " engine, djl or java.")
    String architecture = "softmax";

    @Option(
        names = "--pool-ether",
        defaultValue = "1",
        converter = EtherAmount.class,
        description = "Trainer pool per round, in ether.")
    BigInteger pool = BigInteger.ZERO;

    @Option(
        names = "--fee-ether",
        defaultValue = "0.1",
        converter = EtherAmount.class,
        description = "Committee fee per round, in ether.")
    BigInteger fee = BigInteger.ZERO;

    @Option(
        names = "--trainer-class",
        defaultValue = "1",
        description = "GPU class trainers are picked from (a node's gpu_class).")
    long trainerClass = 1;

    @Option(
        names = "--aggregator-class",
        defaultValue = "2",
        description =
            "GPU class committee members are picked from (job_role = aggregator defaults to 2).")
    long aggregatorClass = 2;

    @Option(
        names = "--commit-window",
        defaultValue = "60",
        description =
            "Blocks of each round's commit stages: trainers train and commit their updates,"
                + " then the committee aggregates and commits (default ${DEFAULT-VALUE}).")
    long commitWindow = 60;

    @Option(
        names = "--reveal-window",
        defaultValue = "30",
        description =
            "Blocks of each round's reveal stages, and of the challenge window after a verdict"
                + " (default ${DEFAULT-VALUE}).")
    long revealWindow = 30;

    @Option(
        names = "--seed",
        defaultValue = "7",
        description = "Job seed: the fresh initial model, local training and Monte Carlo scoring.")
    long seed = 7;

    private void checkShape() {
      require(rounds >= 1 && rounds <= 1000, "--rounds must be 1..1000: " + rounds);
      require(trainers >= 1 && trainers <= 32, "--trainers must be 1..32: " + trainers);
      require(committee >= 1 && committee <= 16, "--committee must be 1..16: " + committee);
      require(
          quorum >= 0 && quorum <= committee,
          "--quorum must be 0 (a majority) up to --committee " + committee + ": " + quorum);
      require(
          commitWindow >= 1
              && revealWindow >= 1
              && commitWindow < 1 << 24
              && revealWindow < 1 << 24,
          "--commit-window and --reveal-window must be 1..16777215 blocks");
      require(
          pool.signum() >= 0 && fee.signum() >= 0 && pool.add(fee).signum() > 0,
          "--pool-ether and --fee-ether must not be negative, and not both 0");
    }

    /** The digits defaults with the rule and architecture named, each checked in one line. */
    private FlParameters parameters() {
      String named = rule.toLowerCase(Locale.ROOT);
      require(
          FlParameters.isRule(named), "--rule must be " + FlParameters.ruleGrammar() + ": " + rule);
      require(
          FlParameters.isArchitecture(architecture),
          "--architecture must be " + FlParameters.architectureGrammar() + ": " + architecture);
      return FlParameters.digits().withRule(named, byzantine).withArchitecture(architecture);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }

    @Override
    public Integer call() throws Exception {
      Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
      try {
        checkShape();
        TrainingJobsClient client = chain.connectJobs(web3j);
        TransactionSender sender = signer.sender(web3j, client.chainId());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        FlParameters parameters = parameters();
        Model shape = parameters.model();
        byte[] modelFile =
            model != null
                ? Files.readAllBytes(model)
                : FlFiles.model(shape, shape.initialParameters(seed));
        FlFiles.readModel(shape, modelFile); // refuse a malformed model here
        byte[] validationFile =
            validation != null
                ? Files.readAllBytes(validation)
                : FlFiles.dataset(DigitsDataset.split(seed).validation());
        FlFiles.readDataset(shape, validationFile);
        ArtifactRef modelRef = Requester.upload(http, modelFile, storeUrl);
        ArtifactRef validationRef = Requester.upload(http, validationFile, storeUrl);
        TaskSpec spec =
            new TaskSpec(FlParameters.EXECUTOR, validationRef, modelRef, parameters.toJson(), seed);
        ArtifactRef specRef = Requester.upload(http, spec.canonicalBytes(), storeUrl);
        BigInteger poolWei = pool;
        BigInteger feeWei = fee;
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
          throw new IllegalArgumentException("createJob would revert: " + error.get().describe());
        }
        sender.confirm(
            sender.send(client.address(), escrow, data, BigInteger.valueOf(6_000_000)),
            Duration.ofMinutes(2),
            "createJob");
        BigInteger jobId = client.jobCount();
        System.out.printf(
            "job %s created: %d rounds, %d trainers, committee %d, escrow %s wei%nspec %s%n",
            jobId, rounds, trainers, committee, escrow, specRef.uri());
        StartAttempt start = new RoundStarter(client, sender).untilSent(jobId, 3);
        if (start instanceof StartAttempt.Sent) {
          System.out.printf("job %s: round 1 started%n", jobId);
        } else {
          System.out.printf(
              "job %s waits for its first round (%s); idle nodes of GPU classes %d and %d start"
                  + " it once enough are free, or run: deai job start %s%n",
              jobId, describe(start), trainerClass, aggregatorClass, jobId);
        }
        return 0;
      } finally {
        web3j.shutdown();
      }
    }

    private static String describe(StartAttempt attempt) {
      return switch (attempt) {
        case StartAttempt.Sent sent -> "started in " + sent.txHash();
        case StartAttempt.NotYet notYet -> notYet.reason();
        case StartAttempt.Closed closed -> closed.reason();
        case StartAttempt.Refused refused -> refused.error();
      };
    }
  }
}
