package network.deai.devnet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import network.deai.contracts.abi.SamplingRules;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai devnet}: the main job. */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = {
      "Start anvil on a free loopback port, deploy the TaskManager, register and stake workers,"
          + " run them in process (honest ones plus adversaries), submit digits inference tasks"
          + " in EXACT and SIMILAR mode as a requester, check the contract's books on every block,"
          + " and print a report (also written as JSON and HTML). Ctrl-C stops everything.",
      "--workers counts honest identities (with the sybil adversary, three of them share one"
          + " owner); each other adversary adds identities: lazy (random result), copycat (replays"
          + " another replica's commitment), collude (a pair agreeing on a wrong answer), no-show.",
      "--mode sampled runs each task on one executor and has --validators recompute it with"
          + " probability --sample-rate (default: the contract's bound); --mode both runs the same"
          + " workload replicated, then sampled, on one chain, and reports compute per task, gas"
          + " per task, the verification overhead and the cheaters' realised profit side by side.",
      "--attacks replays the attacks of docs/protocol.md §6 instead, each from its own account against"
          + " honest workers: greedy-requester, grinding-requester, queue-jammer, selective-server"
          + " and committee-cartel. It reports each attacker's gain and the honest identities'"
          + " stake loss in wei and exits non-zero if any is positive or the books break."
    })
public final class DevnetCommand implements Callable<Integer> {
  @Option(
      names = "--workers",
      defaultValue = "9",
      description = "Honest identities (default ${DEFAULT-VALUE}).")
  int workers = 9;

  @Option(names = "--tasks", defaultValue = "30", description = "Tasks (default ${DEFAULT-VALUE}).")
  int tasks = 30;

  @Option(
      names = "--adversaries",
      defaultValue = "lazy,copycat,collude,no-show,sybil",
      split = ",",
      description = "Adversaries, comma-separated, or none (default ${DEFAULT-VALUE}).")
  String[] adversaries = {"lazy", "copycat", "collude", "no-show", "sybil"};

  @Option(
      names = "--block-time",
      defaultValue = "1",
      description = "Seconds per block (default ${DEFAULT-VALUE}).")
  int blockTime = 1;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Workload seed (default ${DEFAULT-VALUE}).")
  long seed = 7;

  @Option(
      names = "--replicas",
      defaultValue = "5",
      description = "Replicas per task (default ${DEFAULT-VALUE}).")
  int replicas = 5;

  @Option(names = "--quorum", description = "Agreeing replicas needed (default: a majority).")
  @Nullable Integer quorum;

  @Option(names = "--rpc-url", description = "Use this chain instead of starting anvil.")
  @Nullable String rpcUrl;

  @Option(
      names = "--private-key-file",
      description = "Funded key for --rpc-url (deploys, funds workers, requests).")
  @Nullable Path privateKeyFile;

  @Option(
      names = "--report-json",
      defaultValue = "devnet-report.json",
      description = "Where the JSON report is written (default: ${DEFAULT-VALUE}).")
  Path reportJson = Path.of("devnet-report.json");

  @Option(
      names = "--report-html",
      defaultValue = "devnet-report.html",
      description = "Where the HTML report is written (default: ${DEFAULT-VALUE}).")
  Path reportHtml = Path.of("devnet-report.html");

  @Option(names = "--processes", description = "Run each worker in its own JVM (deai node run).")
  boolean processes;

  @Option(names = "--work-dir", description = "Node data (default: a fresh temporary directory).")
  @Nullable Path workDir;

  @Option(
      names = "--job",
      defaultValue = "inference",
      description =
          "Scenario: inference (replicated inference tasks) or fl (a federated training job with"
              + " Shapley rewards; default ${DEFAULT-VALUE}).")
  String job = "inference";

  @Option(
      names = "--trainers",
      defaultValue = "10",
      description =
          "fl: trainer identities, 2 of them Byzantine and 2 a Sybil pair (default ${DEFAULT-VALUE}).")
  int trainers = 10;

  @Option(
      names = "--aggregators",
      defaultValue = "3",
      description = "fl: committee size (default ${DEFAULT-VALUE}).")
  int aggregators = 3;

  @Option(
      names = "--rounds",
      defaultValue = "10",
      description = "fl: rounds (default ${DEFAULT-VALUE}).")
  int rounds = 10;

  @Option(
      names = "--engine",
      description =
          "fl: local training engine, djl (PyTorch) or java (default djl for a softmax, java"
              + " for an MLP or a CNN: faster on a small shared CPU).")
  @Nullable String engine;

  @Option(
      names = "--data",
      defaultValue = "digits",
      description =
          "fl: data set, digits (bundled 8x8) or fashion (Fashion-MNIST from"
              + " /usr/share/datasets/fashion-mnist: apt-get install dataset-fashion-mnist;"
              + " 2,000 images per trainer; default ${DEFAULT-VALUE}).")
  String data = "digits";

  @Option(
      names = "--architecture",
      defaultValue = "softmax",
      description =
          "fl: model trained, softmax, mlp:H (one ReLU hidden layer of H units, e.g. mlp:64)"
              + " or cnn:C (a 5x5 convolution of C channels, ReLU, 2x2 max-pool and a dense"
              + " layer, e.g. cnn:8); default ${DEFAULT-VALUE}.")
  String architecture = "softmax";

  @Option(
      names = "--mode",
      defaultValue = "replicated",
      description =
          "Validation: replicated (every task on --replicas replicas), sampled (one executor,"
              + " --validators recompute with probability --sample-rate) or both (the same"
              + " workload replicated, then sampled, on one chain, side by side; default"
              + " ${DEFAULT-VALUE}). sampled and both run --workers honest identities plus"
              + " --naive-cheaters and --rational-cheaters instead of --adversaries.")
  String mode = "replicated";

  @Option(
      names = "--sample-rate",
      description =
          "sampled: check probability, in percent (e.g. 5%% or 5) or basis points (500bps);"
              + " default: the contract's bound for the devnet's fee share and slash, rounded up.")
  @Nullable String sampleRate;

  @Option(
      names = "--validators",
      defaultValue = "2",
      description = "sampled: validators drawn for a checked task (default ${DEFAULT-VALUE}).")
  int validators = 2;

  @Option(
      names = "--naive-cheaters",
      defaultValue = "1",
      description =
          "sampled: identities that always return a wrong result without computing (default"
              + " ${DEFAULT-VALUE}).")
  int naiveCheaters = 1;

  @Option(
      names = "--rational-cheaters",
      defaultValue = "2",
      description =
          "sampled: identities that cheat on a task iff it is expected to pay (default"
              + " ${DEFAULT-VALUE}).")
  int rationalCheaters = 2;

  @Option(
      names = "--rational-cost",
      defaultValue = "1.0",
      description =
          "sampled: a rational cheater's compute cost per task as a multiple of the fee share"
              + " (default ${DEFAULT-VALUE}: the work costs what it pays, the bound's worst case).")
  double rationalCost = 1.0;

  @Option(
      names = "--challenge-rate",
      defaultValue = "0",
      description =
          "sampled: the requester spot-checks its unchecked results, challenging this share of"
              + " them (percent or basis points, like --sample-rate; default ${DEFAULT-VALUE}).")
  String challengeRate = "0";

  @Option(
      names = "--attacks",
      description =
          "Run the attack scenarios (docs/protocol.md §6) on the embedded anvil instead of a workload;"
              + " uses --seed, --work-dir and the report paths.")
  boolean attacks;

  @Override
  public Integer call() throws Exception {
    if (attacks) {
      return attacks();
    }
    if (tasks < 1 || replicas < 1 || replicas > 16 || blockTime < 0) {
      throw new IllegalArgumentException(
          "need --tasks >= 1, --replicas in 1..16, --block-time >= 0");
    }
    if (job.equals("fl")) {
      return federated();
    }
    if (!job.equals("inference")) {
      throw new IllegalArgumentException("--job must be inference or fl, got '" + job + "'");
    }
    Set<Population.Adversary> chosen = EnumSet.noneOf(Population.Adversary.class);
    for (String a : adversaries) {
      if (!a.isBlank() && !a.equals("none")) {
        chosen.add(Population.Adversary.parse(a));
      }
    }
    Path dir =
        workDir != null
            ? Files.createDirectories(workDir)
            : Files.createTempDirectory("deai-devnet");
    Devnet.Options options =
        new Devnet.Options(
            workers,
            tasks,
            chosen,
            blockTime,
            seed,
            replicas,
            quorum == null ? replicas / 2 + 1 : quorum,
            rpcUrl,
            privateKeyFile,
            dir,
            processes,
            ValidationMode.parse(mode),
            sampleRate == null ? 0 : parseRate(sampleRate),
            validators,
            naiveCheaters,
            rationalCheaters,
            (int) Math.round(rationalCost * SamplingRules.BPS),
            challengeRate.strip().equals("0") ? 0 : parseRate(challengeRate));
    Devnet devnet = new Devnet(options, System.out);
    Thread hook = new Thread(devnet::close, "devnet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      DevnetReport report = devnet.run();
      report.print(System.out);
      report.writeJson(reportJson);
      report.writeHtml(reportHtml);
      System.out.println("report: " + reportJson + ", " + reportHtml);
      boolean ok =
          report.json().path("honestSlashed").asInt() == 0
              && report.booksOk()
              && report.json().path("auditFailures").asInt() == 0;
      return ok ? 0 : 1;
    } finally {
      devnet.close();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  /** {@code 5%}, {@code 5} (percent) or {@code 500bps}, as basis points. */
  static int parseRate(String text) {
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.endsWith("bps")) {
        return Integer.parseInt(t.substring(0, t.length() - 3).strip());
      }
      double percent = Double.parseDouble(t.endsWith("%") ? t.substring(0, t.length() - 1) : t);
      long bps = Math.round(percent * 100);
      if (bps < 1 || bps > SamplingRules.BPS) {
        throw new IllegalArgumentException("--sample-rate must be above 0% and at most 100%");
      }
      return (int) bps;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--sample-rate must be a percentage (5%) or basis points (500bps), got '" + text + "'",
          e);
    }
  }

  private Integer attacks() throws Exception {
    if (rpcUrl != null) {
      throw new IllegalArgumentException(
          "--attacks runs on the embedded anvil only; drop --rpc-url");
    }
    Path dir =
        workDir != null
            ? Files.createDirectories(workDir)
            : Files.createTempDirectory("deai-devnet-attacks");
    AttacksDevnet devnet = new AttacksDevnet(seed, dir, System.out);
    Thread hook = new Thread(devnet::close, "devnet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      AttacksReport report = devnet.run();
      report.print(System.out);
      report.writeJson(reportJson);
      report.writeHtml(reportHtml);
      System.out.println("report: " + reportJson + ", " + reportHtml);
      return report.defended() ? 0 : 1;
    } finally {
      devnet.close();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  private Integer federated() throws Exception {
    if (rpcUrl != null) {
      throw new IllegalArgumentException(
          "--job fl runs on the embedded anvil only; drop --rpc-url (see the README)");
    }
    Path dir =
        workDir != null
            ? Files.createDirectories(workDir)
            : Files.createTempDirectory("deai-devnet-fl");
    FlDevnet devnet =
        new FlDevnet(
            new FlDevnet.Options(
                trainers,
                aggregators,
                rounds,
                seed,
                blockTime,
                engine != null ? engine : architecture.equals("softmax") ? "djl" : "java",
                dir,
                data,
                FlDevnet.FASHION_ROWS_PER_TRAINER,
                architecture),
            System.out);
    Thread hook = new Thread(devnet::close, "devnet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      FlReport report = devnet.run();
      report.print(System.out);
      report.writeJson(reportJson);
      report.writeHtml(reportHtml);
      System.out.println("report: " + reportJson + ", " + reportHtml);
      return report.json().path("booksViolations").asInt() == 0
              && report.json().path("auditFailures").asInt() == 0
          ? 0
          : 1;
    } finally {
      devnet.close();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }
}
