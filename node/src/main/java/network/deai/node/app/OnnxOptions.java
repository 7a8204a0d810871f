package network.deai.node.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.ResultFingerprint;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import network.deai.node.requester.Requester;
import network.deai.verifier.domain.canonical.CanonicalForm;
import org.jspecify.annotations.Nullable;

/** {@code deai task submit}'s onnx options: spec parameters in, verified labels out. */
final class OnnxOptions {
  private static final Set<String> LEVELS = Set.of("disabled", "basic", "extended", "all");

  private OnnxOptions() {}

  /** {@code parameters} with --canonical, --threads and --optimization set; checks each value. */
  static ObjectNode apply(String executor, ObjectNode parameters, TaskCommand.Submit options) {
    boolean any =
        options.canonical != null || options.threads != null || options.optimization != null;
    if (any && !executor.equals("onnx")) {
      throw new IllegalArgumentException(
          "--canonical, --threads and --optimization are for --executor onnx only");
    }
    if (options.canonical != null) {
      parameters.put("canonical", CanonicalForm.parse(options.canonical).id());
    }
    if (options.threads != null) {
      if (options.threads < 1 || options.threads > 64) {
        throw new IllegalArgumentException("--threads must be 1 to 64, got " + options.threads);
      }
      parameters.put("threads", options.threads);
    }
    if (options.optimization != null) {
      if (!LEVELS.contains(options.optimization)) {
        throw new IllegalArgumentException(
            "--optimization must be disabled, basic, extended or all, got " + options.optimization);
      }
      parameters.put("optimization", options.optimization);
    }
    return parameters;
  }

  /**
   * How replicas are compared.
   *
   * @param similar SIMILAR mode (else EXACT)
   * @param maxDistance the SIMILAR threshold in bits; 0 in EXACT mode
   */
  record Comparison(boolean similar, int maxDistance) {}

  /**
   * The comparison {@code deai task submit} asks for: {@code mode} and {@code maxDistance} when
   * given; otherwise EXACT, except SIMILAR within 8 bits for onnx raw outputs, whose floats differ
   * across hardware. A label form (argmax, top-k, ctc) is EXACT by default: its fingerprint is
   * SHA-256 of the labels, which honest replicas produce bit for bit.
   */
  static Comparison comparison(
      String executor,
      ObjectNode parameters,
      @Nullable String mode,
      @Nullable Integer maxDistance) {
    boolean labelled = executor.equals("onnx") && labelled(parameters);
    String chosen =
        mode != null ? mode : executor.equals("onnx") && !labelled ? "similar" : "exact";
    boolean similar = chosen.equalsIgnoreCase("similar");
    if (!similar && !chosen.equalsIgnoreCase("exact")) {
      throw new IllegalArgumentException("--mode must be exact or similar, got " + chosen);
    }
    if (!similar) {
      return new Comparison(false, 0);
    }
    return new Comparison(true, maxDistance != null ? maxDistance : labelled ? 0 : 8);
  }

  /** Whether the parameters name a label canonical form. */
  static boolean labelled(ObjectNode parameters) {
    try {
      return CanonicalForm.parse(parameters.path("canonical").asText(CanonicalForm.DEFAULT))
          .labelled();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("parameters: " + e.getMessage(), e);
    }
  }

  /**
   * Writes a verified onnx result into the directory {@code out}: {@code result.safetensors} (or
   * {@code rejection.json}) and {@code labels.json} with the canonical form's labels per output.
   */
  static int save(Requester.Result result, TaskSpec spec, Path out) throws IOException {
    Files.createDirectories(out);
    System.out.println("result " + result.digest().toHex() + " (verified) from " + result.source());
    if (!(Safetensors.read(result.bytes())
        instanceof Outcome.Ok<Map<String, Safetensors.Tensor>> ok)) {
      Files.write(out.resolve("rejection.json"), result.bytes());
      System.out.println(new String(result.bytes(), StandardCharsets.UTF_8));
      int status = TaskResultCommand.rejected(result.bytes());
      return status != 0 ? status : TaskResultCommand.REJECTED;
    }
    Files.write(out.resolve("result.safetensors"), result.bytes());
    ObjectNode json = new ObjectMapper().createObjectNode();
    CanonicalForm form = ((Outcome.Ok<CanonicalForm>) ResultFingerprint.form(spec)).value();
    json.put("canonical", form.id());
    if (form instanceof CanonicalForm.Labels labelled
        && ResultFingerprint.labels(labelled, ok.value())
            instanceof Outcome.Ok<Map<String, int[][]>> labels) {
      ObjectNode outputs = json.putObject("labels");
      labels.value().forEach((name, items) -> write(outputs.putArray(name), items));
    }
    Files.writeString(out.resolve("labels.json"), json.toPrettyString() + "\n");
    System.out.println("saved " + out.resolve("result.safetensors") + " and labels.json");
    return 0;
  }

  private static void write(ArrayNode array, int[][] items) {
    for (int[] item : items) {
      ArrayNode labels = array.addArray();
      for (int label : item) {
        labels.add(label);
      }
    }
  }
}
