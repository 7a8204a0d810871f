package network.deai.node.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;

/**
 * Runs a command the node operator declared (specs name it, they never supply it) with JSON over
 * stdin and stdout. Stdin: {@code {"inputs":{name:{"shape":[..],"data":[..]}},
 * "parameters":{..},"seed":n}}; stdout: {@code {"output":[floats]}}. The process gets a wall-clock
 * limit, an address-space limit (through {@code prlimit} where present) and a cap on its output.
 */
public final class ProcessExecutor implements TaskExecutor {
  /** The executor's name in specs. */
  public static final String NAME = "process";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_OUTPUT = 16 << 20;

  private final Map<String, List<String>> commands;
  private final Duration timeLimit;
  private final long memoryLimitBytes;

  /** Declared commands by name, and the limits every run gets. */
  public ProcessExecutor(
      Map<String, List<String>> commands, Duration timeLimit, long memoryLimitBytes) {
    this.commands = Map.copyOf(commands);
    this.timeLimit = timeLimit;
    this.memoryLimitBytes = memoryLimitBytes;
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
    return switch (Safetensors.read(inputs)) {
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> r ->
          new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok -> run(argv, request(spec, ok.value()));
    };
  }

  private static byte[] request(TaskSpec spec, Map<String, Safetensors.Tensor> tensors) {
    ObjectNode json = MAPPER.createObjectNode();
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

  private Outcome<float[]> run(List<String> argv, byte[] request) {
    List<String> full = new ArrayList<>();
    if (memoryLimitBytes > 0 && Files.isExecutable(Path.of("/usr/bin/prlimit"))) {
      full.addAll(List.of("/usr/bin/prlimit", "--as=" + memoryLimitBytes, "--"));
    }
    full.addAll(argv);
    Path stdout = null;
    Process process = null;
    try {
      stdout = Files.createTempFile("deai-process-", ".json");
      process =
          new ProcessBuilder(full)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectOutput(stdout.toFile())
              .start();
      Process started = process;
      Thread.ofVirtual().name("process-stdin").start(() -> feed(started, request));
      if (!process.waitFor(timeLimit.toMillis(), TimeUnit.MILLISECONDS)) {
        return Outcome.rejected(
            Rejection.Code.EXECUTION_TIMEOUT, "process ran longer than " + timeLimit);
      }
      if (process.exitValue() != 0) {
        return Outcome.rejected(
            Rejection.Code.EXECUTION_FAILED, "process exited with status " + process.exitValue());
      }
      if (Files.size(stdout) > MAX_OUTPUT) {
        return Outcome.rejected(
            Rejection.Code.EXECUTION_FAILED, "process wrote more than " + MAX_OUTPUT + " bytes");
      }
      return parseOutput(Files.readAllBytes(stdout));
    } catch (IOException e) {
      return Outcome.rejected(
          Rejection.Code.EXECUTION_FAILED, "cannot run " + argv.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.rejected(Rejection.Code.EXECUTION_FAILED, "interrupted");
    } finally {
      if (process != null) {
        process.destroyForcibly();
      }
      deleteQuietly(stdout);
    }
  }

  private static void feed(Process process, byte[] request) {
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(request);
    } catch (IOException e) {
      // The process may exit without reading its input; its exit status tells the story.
    }
  }

  private static void deleteQuietly(@Nullable Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A leftover temp file is harmless.
      }
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
