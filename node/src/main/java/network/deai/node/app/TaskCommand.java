package network.deai.node.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.SampleRate;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.exec.OnnxExecutor;
import network.deai.node.requester.Preflight;
import network.deai.node.requester.Requester;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.Web3j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deai task submit|status|result|cancel}: the requester's side. */
@Command(
    name = "task",
    mixinStandardHelpOptions = true,
    description = "Submit tasks and fetch verified results.",
    subcommands = {
      TaskCommand.Submit.class,
      TaskExampleCommand.class,
      TaskCommand.Status.class,
      TaskResultCommand.class,
      TaskCommand.Cancel.class,
      TaskWithdrawCommand.class,
      TaskChallengeCommand.class,
      CommandLine.HelpCommand.class
    })
final class TaskCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description =
          "Upload the model and inputs to an artifact store, build the canonical spec, escrow the"
              + " fee and create the task, then start it from the next block on (its replicas are"
              + " drawn with the creation block's hash, which nobody knew beforehand); with --wait,"
              + " follow it and save the verified result. Before anything is uploaded or paid it"
              + " checks the executor, the model and inputs files, the parameters and the"
              + " similarity threshold as replicas would, and refuses a bad spec with one line and"
              + " exit status 2; a task the replicas agreed to reject exits with status 3.")
  static final class Submit implements Callable<Integer> {
    @CommandLine.Mixin ClientOptions chain = new ClientOptions();
    @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

    @Option(
        names = "--executor",
        defaultValue = "linear",
        description = "Executor name: linear, djl-linear, process or onnx.")
    String executor = "linear";

    @Option(
        names = "--model",
        description = "Model file: safetensors, or an ONNX model for --executor onnx.")
    @Nullable Path model;

    @Option(
        names = "--inputs",
        required = true,
        description = "Inputs file (safetensors, float32; for onnx, one tensor per model input).")
    Path inputs = Path.of("");

    @Option(names = "--parameters", defaultValue = "{}", description = "Parameters (JSON object).")
    String parameters = "{}";

    @Option(names = "--seed", defaultValue = "0", description = "Task seed (keys the SimHash).")
    long seed;

    @Option(
        names = "--upload-to",
        required = true,
        description = "Artifact store base URL, e.g. a worker's http://127.0.0.1:8081.")
    String store = "";

    @Option(
        names = "--mode",
        description =
            "exact or similar. Default: exact, but similar for onnx with --canonical raw (a"
                + " label --canonical is compared exactly, as SHA-256 of its labels).")
    @Nullable String mode;

    @Option(
        names = "--max-distance",
        description = "SIMILAR threshold in bits. Default: 8 (0 for a label --canonical).")
    @Nullable Integer maxDistance;

    @Option(
        names = "--canonical",
        description =
            "onnx only: what replicas compare: raw (SimHash of the outputs), argmax, top-k:K or"
                + " ctc (labels, compared exactly). Default: raw.")
    @Nullable String canonical;

    @Option(
        names = "--threads",
        description =
            "onnx only: ONNX Runtime intra-op threads, 1 to 64 (changes bits). Default 1.")
    @Nullable Integer threads;

    @Option(
        names = "--optimization",
        description =
            "onnx only: graph optimization, disabled|basic|extended|all (changes bits)."
                + " Default basic.")
    @Nullable String optimization;

    @Option(
        names = "--allow-low-distance",
        description =
            "Accept a --max-distance below the calibrated minimum ("
                + Preflight.MIN_RAW_DISTANCE
                + " bits) for a raw SimHash fingerprint, with a warning: honest replicas on"
                + " different hardware may then be slashed.")
    boolean allowLowDistance;

    @Option(names = "--replicas", defaultValue = "3", description = "Replicas that run the task.")
    int replicas = 3;

    @Option(names = "--quorum", description = "Default: a majority of the replicas.")
    @Nullable Integer quorum;

    @Option(
        names = "--sample-rate",
        description =
            "Sampled validation: one executor runs the task, and with this probability (a"
                + " percentage like 10% or basis points like 1000bps) --validators more nodes"
                + " recompute it, decided by a block hash after the executor committed. The"
                + " contract refuses a rate below its bound for the fee per seat; the pre-flight"
                + " says the minimum. Leave it out for full replication (--replicas).")
    @Nullable String sampleRate;

    @Option(
        names = "--validators",
        defaultValue = "2",
        description =
            "With --sample-rate: validators drawn when the task is checked (1 to 4); the fee is"
                + " split over validators + 1 seats.")
    int validators = 2;

    @Option(
        names = "--commit-window",
        defaultValue = "40",
        description =
            "Blocks a selected replica has to run the task and commit its result after the task"
                + " starts: the task's execution budget (default ${DEFAULT-VALUE}).")
    int commitWindow = 40;

    @Option(
        names = "--reveal-window",
        defaultValue = "40",
        description =
            "Blocks the replicas have to reveal their committed results once revealing opens; a"
                + " replica that committed but does not reveal in time is slashed (default"
                + " ${DEFAULT-VALUE}).")
    int revealWindow = 40;

    @Option(
        names = "--gpu-class",
        defaultValue = "1",
        description = "GPU class replicas must have.")
    long gpuClass = 1;

    @Option(
        names = "--min-vram-mib",
        defaultValue = "0",
        description = "Accelerator memory (MiB) every replica must have declared.")
    long minVramMiB;

    @Option(
        names = "--start-window",
        defaultValue = "100",
        description =
            "Blocks the task may wait for enough free nodes before it expires unstarted (its fee"
                + " is then refunded).")
    int startWindow = 100;

    @Option(
        names = "--fee-ether",
        defaultValue = "0.1",
        converter = EtherAmount.class,
        description = "Fee escrowed, in ether (default ${DEFAULT-VALUE}).")
    BigInteger fee = BigInteger.ZERO;

    @Option(names = "--wait", description = "Wait for a final state, printing progress.")
    boolean await;

    @Option(
        names = "--out",
        description =
            "With --wait: write the verified result here (for onnx a directory: result.safetensors"
                + " and labels.json).")
    @Nullable Path out;

    @Override
    public Integer call() throws Exception {
      ObjectNode params = OnnxOptions.apply(executor, parseParameters(parameters), this);
      OnnxOptions.Comparison comparison =
          OnnxOptions.comparison(executor, params, mode, maxDistance);
      boolean similar = comparison.similar();
      int distance = comparison.maxDistance();
      if (fee.signum() == 0) {
        throw new IllegalArgumentException(
            "--fee-ether must be more than 0: the fee is what the replicas are paid");
      }
      byte[] inputBytes = read(inputs);
      byte[] modelBytes = model == null ? null : read(model);
      preflight(
          new Preflight.Request(
              executor, modelBytes, inputBytes, params, seed, similar, distance, allowLowDistance));
      Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
      try {
        TaskManagerClient client = chain.connect(web3j);
        Requester requester = new Requester(client, signer.sender(client));
        Requester.Params taskParams = params(similar, distance);
        if (taskParams.sampled()) {
          SampledSubmit.preflight(client, taskParams).forEach(System.out::println);
        }
        requester.checkParams(executor, taskParams);
        ArtifactRef in = requester.upload(inputBytes, store);
        ArtifactRef m = modelBytes == null ? null : requester.upload(modelBytes, store);
        TaskSpec spec = new TaskSpec(executor, in, m, params, seed);
        Requester.Submission submission = requester.create(spec, store, taskParams);
        System.out.println("task " + submission.taskId());
        System.out.println("tx " + submission.txHash() + " gas " + submission.gasUsed());
        TaskManager.TaskStartedEventResponse started =
            requester.start(submission.taskId(), System.out::println);
        System.out.println(
            "started in block "
                + started.log.getBlockNumber()
                + ", replicas "
                + started.workers
                + ", commit deadline "
                + started.commitDeadline);
        if (!await) {
          return 0;
        }
        Task task =
            requester.await(submission.taskId(), Duration.ofMinutes(30), System.out::println);
        if (task.state() != TaskState.SETTLED) {
          return 1;
        }
        return TaskResultCommand.save(requester, submission.taskId(), out, new int[0], null);
      } finally {
        web3j.shutdown();
      }
    }

    /**
     * Refuses, before anything is uploaded or paid, a spec the replicas would reject or a threshold
     * that would slash honest replicas (one line, exit status 2); prints warnings.
     */
    private static void preflight(Preflight.Request request) {
      Preflight.Verdict verdict;
      try (OnnxExecutor onnx = new OnnxExecutor()) {
        verdict = Preflight.check(request, onnx::check);
      }
      switch (verdict) {
        case Preflight.Verdict.Refused refused ->
            throw new IllegalArgumentException(refused.reason());
        case Preflight.Verdict.Passed passed ->
            passed.warnings().forEach(w -> System.err.println("deai: warning: " + w));
      }
    }

    private Requester.Params params(boolean similar, int distance) {
      int rateBps = sampleRate == null ? 0 : SampleRate.parseBps(sampleRate);
      int seats = rateBps == 0 ? replicas : validators + 1;
      return new Requester.Params(
          similar ? 1 : 0,
          seats,
          rateBps != 0 ? seats : quorum == null ? replicas / 2 + 1 : quorum,
          similar ? distance : 0,
          commitWindow,
          revealWindow,
          gpuClass,
          fee,
          minVramMiB,
          0,
          startWindow,
          rateBps);
    }

    private static ObjectNode parseParameters(String json) {
      try {
        if (new ObjectMapper().readTree(json) instanceof ObjectNode node) {
          return node;
        }
      } catch (java.io.IOException e) {
        // reported below
      }
      throw new IllegalArgumentException("--parameters must be a JSON object, got " + json);
    }

    private static byte[] read(Path file) throws java.io.IOException {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("no such file: " + file);
      }
      return Files.readAllBytes(file);
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a task's state.")
  static final class Status implements Callable<Integer> {
    @CommandLine.Mixin ClientOptions chain = new ClientOptions();

    @Parameters(
        paramLabel = "<task-id>",
        description = "The task's id (deai task submit printed it).")
    BigInteger taskId = BigInteger.ZERO;

    @Override
    public Integer call() {
      Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
      try {
        TaskManagerClient client = chain.connect(web3j);
        requireTask(client, taskId);
        Task t = client.task(taskId);
        System.out.printf(
            "task %s: %s, mode %s, committed %d/%d, revealed %d, group %d, block %d%n",
            taskId,
            t.stateDescription(),
            t.mode().name(),
            Integer.bitCount(t.committedMask()),
            t.seats().total(),
            Integer.bitCount(t.revealedMask()),
            t.groupSize(),
            client.blockNumber());
        network.deai.node.domain.Sampling sampling = client.sampling(taskId);
        if (sampling.sampled()) {
          System.out.printf("  %s%n", sampling.describe());
          java.util.List<String> validators = SampledSubmit.validators(client, taskId);
          if (!validators.isEmpty()) {
            System.out.printf("  validators %s%n", validators);
          }
        }
        return 0;
      } finally {
        web3j.shutdown();
      }
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description =
          "Cancel a task that has not started yet (requester only) and credit its whole fee back"
              + " to the requester (the TaskManager's withdraw pays it out).")
  static final class Cancel implements Callable<Integer> {
    @CommandLine.Mixin ClientOptions chain = new ClientOptions();
    @CommandLine.Mixin ClientOptions.Signer signer = new ClientOptions.Signer();

    @Parameters(
        paramLabel = "<task-id>",
        description = "The task's id (deai task submit printed it).")
    BigInteger taskId = BigInteger.ZERO;

    @Override
    public Integer call() {
      Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
      try {
        TaskManagerClient client = chain.connect(web3j);
        requireTask(client, taskId);
        BigInteger refund = new Requester(client, signer.sender(client)).cancel(taskId);
        System.out.printf("task %s cancelled: %s wei credited to its requester%n", taskId, refund);
        return 0;
      } finally {
        web3j.shutdown();
      }
    }
  }

  /** Fails with one clear line when {@code taskId} was never created on this contract. */
  static void requireTask(TaskManagerClient client, BigInteger taskId) {
    if (taskId.signum() <= 0 || taskId.compareTo(client.taskCount()) > 0) {
      throw new IllegalArgumentException("no task " + taskId);
    }
  }
}
