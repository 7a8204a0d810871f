package network.deai.node.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;

/**
 * Runs a command the node operator declared (specs name it, they never supply it) with JSON over
 * stdin and stdout. Stdin: {@code {"files":{"inputs":path,"model":path},
 * "inputs":{name:{"shape":[..],"data":[..]}}, "parameters":{..},"seed":n}}; stdout: {@code
 * {"output":[floats]}}.
 *
 * <p>The task's artifacts also reach the command as files: {@code files.inputs} is the inputs
 * artifact (safetensors) and {@code files.model} the model artifact, exactly the digest-checked
 * bytes, absent when the spec has no model. Both are absolute paths of read-only files in a
 * directory of their own (not the work directory), deleted after the run. A declared command line
 * may also name them: every {@value #MODEL_ARGUMENT} and {@value #INPUTS_ARGUMENT} in its arguments
 * is replaced by the path; a command naming {@value #MODEL_ARGUMENT} rejects a spec without a model
 * ({@code malformed-spec}).
 *
 * <p>Each run gets a fresh, empty work directory (its working directory, {@code HOME} and {@code
 * TMPDIR}; deleted afterwards) and an environment of {@code PATH}, {@code LANG}, {@code LC_ALL} and
 * {@code TZ} from the node's and nothing else, so secrets such as {@code DEAI_PASSPHRASE} never
 * reach it. It has a wall-clock limit, after which it and everything it spawned are killed (see
 * {@link ProcessTree}); an address-space limit ({@code prlimit}, else the shell's {@code ulimit});
 * and an output cap, enforced while reading: a command that writes more is killed at once. With a
 * {@link Sandbox} it also runs without network and sees only system files, the paths its command
 * line names and its work directory. An argument naming an existing file relative to the node's
 * working directory is passed as an absolute path, since the command no longer runs there.
 */
public final class ProcessExecutor implements TaskExecutor {
  /** The executor's name in specs. */
  public static final String NAME = "process";

  /** Replaced, in a declared command's arguments, by the path of the model file. */
  public static final String MODEL_ARGUMENT = "{model}";

  /** Replaced, in a declared command's arguments, by the path of the inputs file. */
  public static final String INPUTS_ARGUMENT = "{inputs}";

  /** The {@code PATH} a command gets when the node has none. */
  static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_OUTPUT = 16 << 20;
  private static final List<String> INHERITED = List.of("PATH", "LANG", "LC_ALL", "TZ");
  private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
  private static final long OUTPUT_GRACE_SECONDS = 5;

  private final Map<String, List<String>> commands;
  private final Limits limits;
  private final Map<String, String> parentEnvironment;
  private final @Nullable Sandbox sandbox;

  /**
   * Declared commands by name, and the limits every run gets; the node's environment is {@link
   * System#getenv()}, and commands run in bubblewrap where this machine has a working one.
   */
  public ProcessExecutor(
      Map<String, List<String>> commands, Duration timeLimit, long memoryLimitBytes) {
    this(
        commands,
        new Limits(timeLimit, memoryLimitBytes, MAX_OUTPUT),
        System.getenv(),
        commands.isEmpty() ? null : Sandbox.detect(System.getenv()).orElse(null));
  }

  /**
   * Declared commands by name, the limits every run gets, the node's environment (commands see only
   * {@code PATH}, {@code LANG}, {@code LC_ALL} and {@code TZ} from it), and the sandbox to run them
   * in, or null to run them without one.
   */
  public ProcessExecutor(
      Map<String, List<String>> commands,
      Limits limits,
      Map<String, String> parentEnvironment,
      @Nullable Sandbox sandbox) {
    this.commands = Map.copyOf(commands);
    this.limits = limits;
    this.parentEnvironment = Map.copyOf(parentEnvironment);
    this.sandbox = sandbox;
  }

  /**
   * What one run may use: wall-clock time, address space in bytes (0 for no limit) and bytes of
   * standard output.
   */
  public record Limits(Duration time, long memoryBytes, int outputBytes) {
    /** Checks that every limit is a limit. */
    public Limits {
      if (time.isNegative() || time.isZero()) {
        throw new IllegalArgumentException("time limit must be positive: " + time);
      }
      if (memoryBytes < 0) {
        throw new IllegalArgumentException("memory limit must not be negative: " + memoryBytes);
      }
      if (outputBytes <= 0) {
        throw new IllegalArgumentException("output limit must be positive: " + outputBytes);
      }
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Outcome<float[]> execute(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
    String command = spec.parameters().path("command").asText("");
    List<String> argv = commands.get(command);
    if (argv == null) {
      return Outcome.rejected(
          Rejection.Code.UNKNOWN_EXECUTOR,
          "process command '" + command + "' is not declared by this node " + commands.keySet());
    }
    if (model == null && argv.stream().anyMatch(arg -> arg.contains(MODEL_ARGUMENT))) {
      return Outcome.rejected(
          Rejection.Code.MALFORMED_SPEC, "process command '" + command + "' needs a model");
    }
    return switch (Safetensors.read(inputs)) {
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> r ->
          new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok ->
          run(argv, spec, ok.value(), new Artifacts(model, inputs));
    };
  }

  /** The task's artifact bytes, written to files for the command. */
  @SuppressWarnings("ArrayRecordComponent") // private carrier of bytes that are only read
  private record Artifacts(byte @Nullable [] model, byte[] inputs) {
    /** Writes read-only files into {@code dir}: their paths by name, model first when present. */
    Map<String, Path> write(Path dir) throws IOException {
      Map<String, Path> files = new java.util.LinkedHashMap<>();
      if (model != null) {
        files.put("model", readOnly(Files.write(dir.resolve("model"), model)));
      }
      files.put("inputs", readOnly(Files.write(dir.resolve("inputs.safetensors"), inputs)));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
      return files;
    }

    private static Path readOnly(Path file) throws IOException {
      return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    }
  }

  private static byte[] request(
      TaskSpec spec, Map<String, Safetensors.Tensor> tensors, Map<String, Path> files) {
    ObjectNode json = MAPPER.createObjectNode();
    ObjectNode paths = json.putObject("files");
    files.forEach((name, path) -> paths.put(name, path.toString()));
    ObjectNode inputs = json.putObject("inputs");
    tensors.forEach(
        (name, tensor) -> {
          ObjectNode node = inputs.putObject(name);
          ArrayNode shape = node.putArray("shape");
          for (int dim : tensor.shape()) {
            shape.add(dim);
          }
          ArrayNode data = node.putArray("data");
          for (float value : tensor.data()) {
            data.add(value);
          }
        });
    json.set("parameters", spec.parameters());
    json.put("seed", spec.seed());
    return json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private Outcome<float[]> run(
      List<String> argv,
      TaskSpec spec,
      Map<String, Safetensors.Tensor> tensors,
      Artifacts artifacts) {
    Path workDir = null;
    Path filesDir = null;
    ProcessTree tree = null;
    try {
      filesDir = WorkDirectory.create();
      Map<String, Path> files = artifacts.write(filesDir);
      byte[] request = request(spec, tensors, files);
      workDir = WorkDirectory.create();
      ProcessBuilder builder =
          new ProcessBuilder(commandLine(substitute(argv, files), workDir, filesDir))
              .directory(workDir.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().clear();
      builder.environment().putAll(environment(workDir));
      tree = ProcessTree.start(builder);
      return await(tree, request);
    } catch (IOException e) {
      return Outcome.rejected(
          Rejection.Code.EXECUTION_FAILED, "cannot run " + argv.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.rejected(Rejection.Code.EXECUTION_FAILED, "interrupted");
    } finally {
      if (tree != null) {
        tree.kill();
      }
      WorkDirectory.delete(workDir);
      WorkDirectory.delete(filesDir);
    }
  }

  /** {@code argv} with the placeholders replaced by the paths of the files they name. */
  private static List<String> substitute(List<String> argv, Map<String, Path> files) {
    Path model = files.get("model");
    String inputs = String.valueOf(files.get("inputs"));
    return argv.stream()
        .map(arg -> arg.replace(INPUTS_ARGUMENT, inputs))
        .map(arg -> model == null ? arg : arg.replace(MODEL_ARGUMENT, model.toString()))
        .toList();
  }

  private Outcome<float[]> await(ProcessTree tree, byte[] request) throws InterruptedException {
    Process process = tree.process();
    CompletableFuture<CappedOutput> output = new CompletableFuture<>();
    Thread.ofVirtual().name("process-stdin").start(() -> feed(process, request));
    Thread.ofVirtual()
        .name("process-stdout")
        .start(() -> output.complete(CappedOutput.read(process, limits.outputBytes(), tree::kill)));
    boolean exited = process.waitFor(limits.time().toMillis(), TimeUnit.MILLISECONDS);
    tree.kill();
    process.waitFor(OUTPUT_GRACE_SECONDS, TimeUnit.SECONDS);
    if (!exited) {
      return Outcome.rejected(
          Rejection.Code.EXECUTION_TIMEOUT, "process ran longer than " + limits.time());
    }
    CappedOutput captured;
    try {
      captured = output.get(OUTPUT_GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return Outcome.rejected(
          Rejection.Code.EXECUTION_FAILED, "process output stayed open after the process exited");
    }
    if (captured.overflowed()) {
      return Outcome.rejected(
          Rejection.Code.EXECUTION_FAILED,
          "process wrote more than " + limits.outputBytes() + " bytes");
    }
    if (process.exitValue() != 0) {
      return Outcome.rejected(
          Rejection.Code.EXECUTION_FAILED, "process exited with status " + process.exitValue());
    }
    return parseOutput(captured.bytes());
  }

  private List<String> commandLine(List<String> argv, Path workDir, Path filesDir) {
    List<String> line = new ArrayList<>();
    if (limits.memoryBytes() > 0 && Files.isExecutable(PRLIMIT)) {
      line.addAll(List.of(PRLIMIT.toString(), "--as=" + limits.memoryBytes(), "--"));
    } else if (limits.memoryBytes() > 0) {
      line.addAll(
          List.of(
              "/bin/sh",
              "-c",
              "ulimit -v \"$1\" && shift && exec \"$@\"",
              "sh",
              Long.toString(Math.max(1, limits.memoryBytes() >> 10))));
    }
    List<String> resolved = resolve(argv);
    List<Path> readOnly = new ArrayList<>(named(resolved));
    readOnly.add(filesDir);
    line.addAll(sandbox == null ? resolved : sandbox.wrap(resolved, workDir, readOnly));
    return line;
  }

  /** Arguments that name existing files relative to the node's working directory, made absolute. */
  private static List<String> resolve(List<String> argv) {
    Path nodeDir = Path.of("").toAbsolutePath();
    List<String> resolved = new ArrayList<>(argv.size());
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      boolean pathLike = i > 0 ? !arg.startsWith("-") : arg.contains("/");
      Path file = pathLike ? relativeFile(nodeDir, arg) : null;
      resolved.add(file == null ? arg : file.toString());
    }
    return resolved;
  }

  private static @Nullable Path relativeFile(Path nodeDir, String arg) {
    try {
      Path path = nodeDir.resolve(arg).normalize();
      return !Path.of(arg).isAbsolute() && Files.isRegularFile(path) ? path : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** The existing absolute paths a command line names: the sandbox binds them read-only. */
  private static List<Path> named(List<String> argv) {
    return argv.stream()
        .filter(arg -> arg.startsWith("/") && !arg.equals("/"))
        .map(Path::of)
        .filter(Files::exists)
        .distinct()
        .toList();
  }

  private Map<String, String> environment(Path workDir) {
    Map<String, String> environment = new HashMap<>();
    for (String name : INHERITED) {
      String value = parentEnvironment.get(name);
      if (value != null) {
        environment.put(name, value);
      }
    }
    environment.putIfAbsent("PATH", DEFAULT_PATH);
    environment.put("HOME", workDir.toString());
    environment.put("TMPDIR", workDir.toString());
    return environment;
  }

  private static void feed(Process process, byte[] request) {
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(request);
    } catch (IOException e) {
      // The process may exit without reading its input; its exit status tells the story.
    }
  }

  private static Outcome<float[]> parseOutput(byte[] output) {
    try {
      JsonNode json = MAPPER.readTree(output);
      JsonNode values = json == null ? null : json.get("output");
      if (values == null || !values.isArray()) {
        return Outcome.rejected(
            Rejection.Code.EXECUTION_FAILED, "process output lacks an \"output\" array");
      }
      float[] result = new float[values.size()];
      for (int i = 0; i < result.length; i++) {
        if (!values.get(i).isNumber()) {
          return Outcome.rejected(
              Rejection.Code.EXECUTION_FAILED, "output[" + i + "] is not a number");
        }
        result[i] = values.get(i).floatValue();
      }
      return Outcome.ok(result);
    } catch (IOException e) {
      return Outcome.rejected(
          Rejection.Code.EXECUTION_FAILED, "process output is not JSON: " + e.getMessage());
    }
  }
}
