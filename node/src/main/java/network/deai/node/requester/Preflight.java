package network.deai.node.requester;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ExecutorKinds;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.ResultFingerprint;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.SampleRate;
import network.deai.node.domain.SampledPrice;
import network.deai.node.domain.TaskSpec;
import network.deai.verifier.domain.canonical.CanonicalForm;
import org.jspecify.annotations.Nullable;

/**
 * What {@code deai task submit} checks before it uploads anything or pays: that the executor is
 * known, that the model and inputs are what that executor reads, that the spec parameters are in
 * range, and that a SIMILAR task compared by raw SimHash does not ask for a {@code maxDistance} so
 * small that honest replicas on different hardware would be slashed. Every refusal is one line
 * naming the problem and what to do. Pure: the ONNX model check is passed in, so that it is the
 * onnx executor's own.
 */
public final class Preflight {
  /** The smallest {@code maxDistance} (bits) for a raw SimHash fingerprint (see there). */
  public static final int MIN_RAW_DISTANCE = ResultFingerprint.MIN_RAW_DISTANCE;

  /** The largest Hamming distance between two 256-bit fingerprints. */
  public static final int MAX_DISTANCE = 256;

  /** The largest {@code emulatedNoise} the linear executor accepts. */
  public static final double MAX_EMULATED_NOISE = 0.01;

  private static final Map<String, Set<String>> PARAMETERS =
      Map.of(
          "linear", Set.of("emulatedNoise"),
          "djl-linear", Set.of(),
          "onnx", Set.of("threads", "optimization", "outputs", "canonical"));

  /** Executors whose floats differ across hardware: EXACT mode compares their every bit. */
  private static final Set<String> SIMILAR_MODE = Set.of("djl-linear", "onnx");

  private Preflight() {}

  /**
   * What a requester is about to send.
   *
   * @param similar SIMILAR mode (else EXACT)
   * @param maxDistance the SIMILAR threshold in bits
   * @param allowLowDistance the requester accepts a raw {@code maxDistance} below {@link
   *     #MIN_RAW_DISTANCE}
   */
  @SuppressWarnings("ArrayRecordComponent") // the file bytes are only read
  public record Request(
      String executor,
      byte @Nullable [] model,
      byte[] inputs,
      ObjectNode parameters,
      long seed,
      boolean similar,
      int maxDistance,
      boolean allowLowDistance) {}

  /**
   * The onnx executor's own check of a model against a spec and inputs (its {@code check}): the
   * rejection a replica would return before inference, if any.
   */
  @FunctionalInterface
  public interface ModelCheck {
    /** Why replicas would reject {@code spec} with these bytes, if they would. */
    Optional<Rejection> problem(TaskSpec spec, byte[] model, byte[] inputs);
  }

  /** The pre-flight's answer. */
  public sealed interface Verdict {
    /** Nothing to refuse; {@code warnings} are one line each. */
    record Passed(List<String> warnings) implements Verdict {
      /** Copies the warnings. */
      public Passed {
        warnings = List.copyOf(warnings);
      }
    }

    /** Refused: one line naming the problem and what to do. */
    record Refused(String reason) implements Verdict {}
  }

  /** Checks {@code request}; {@code onnx} is consulted only for the onnx executor. */
  public static Verdict check(Request request, ModelCheck onnx) {
    List<String> warnings = new ArrayList<>();
    Optional<String> refusal = refusal(request, onnx, warnings);
    return refusal.<Verdict>map(Verdict.Refused::new).orElseGet(() -> new Verdict.Passed(warnings));
  }

  private static Optional<String> refusal(Request r, ModelCheck onnx, List<String> warnings) {
    if (!ExecutorKinds.NAMES.contains(r.executor())) {
      return refuse(
          "unknown executor '"
              + r.executor()
              + "'; use --executor with one of "
              + String.join(", ", ExecutorKinds.NAMES));
    }
    if (r.seed() < 0 || r.seed() > (1L << 53) - 1) {
      return refuse("--seed must be from 0 to 2^53-1, got " + r.seed());
    }
    if (r.maxDistance() < 0 || r.maxDistance() > MAX_DISTANCE) {
      return refuse(
          "--max-distance must be 0 to " + MAX_DISTANCE + " bits, got " + r.maxDistance());
    }
    byte[] model = r.model();
    if (r.inputs().length > ArtifactRef.MAX_SIZE
        || (model != null && model.length > ArtifactRef.MAX_SIZE)) {
      return refuse(
          "a model or inputs file is over "
              + ArtifactRef.MAX_SIZE
              + " bytes, the most a spec may name");
    }
    unknownParameters(r, warnings);
    Optional<String> files =
        switch (r.executor()) {
          case "linear", "djl-linear" -> PreflightLinear.problem(r);
          case "onnx" -> onnx(r, onnx);
          default -> process(r);
        };
    return files.isPresent() ? files : distance(r, warnings);
  }

  private static Optional<String> onnx(Request r, ModelCheck check) {
    byte[] model = r.model();
    if (model == null) {
      return refuse("the onnx executor needs a model: pass --model with an .onnx file");
    }
    Optional<Rejection> problem = check.problem(draft(r, model), model, r.inputs());
    return problem.flatMap(p -> refuse(describe(p) + "; fix the spec or files and submit again"));
  }

  private static Optional<String> process(Request r) {
    JsonNode command = r.parameters().path("command");
    if (!command.isTextual() || command.asText().isBlank()) {
      return refuse(
          "the process executor needs the name of a command the nodes declare: pass --parameters"
              + " '{\"command\":\"<name>\"}'");
    }
    return inputsProblem(r.inputs());
  }

  /** Refusal for inputs every executor reads as safetensors. */
  static Optional<String> inputsProblem(byte[] inputs) {
    return Safetensors.read(inputs) instanceof Outcome.Rejected<?> bad
        ? refuse(
            "--inputs is not a float32 safetensors file ("
                + bad.rejection().detail()
                + "); write one with tensor 'inputs' (or the model's input names for onnx)")
        : Optional.empty();
  }

  private static Optional<String> distance(Request r, List<String> warnings) {
    boolean raw = !labelled(r);
    if (!r.similar()) {
      if (raw && SIMILAR_MODE.contains(r.executor())) {
        warnings.add(
            "exact mode compares every result bit, and "
                + r.executor()
                + " floats differ across hardware in the last bits: honest replicas may disagree"
                + " and be slashed; consider --mode similar"
                + (r.executor().equals("onnx")
                    ? ", or a label --canonical (argmax, top-k:K, ctc) that exact mode compares"
                    : ""));
      }
      return Optional.empty();
    }
    if (!raw) {
      if (r.maxDistance() > 0) {
        warnings.add(
            "a label --canonical is fingerprinted as SHA-256 of its labels, so --max-distance "
                + r.maxDistance()
                + " in similar mode only lets unrelated hashes agree by chance; leave --mode out"
                + " (exact)");
      }
      return Optional.empty();
    }
    if (r.maxDistance() >= MIN_RAW_DISTANCE) {
      return Optional.empty();
    }
    String risk =
        "--max-distance "
            + r.maxDistance()
            + " is below the calibrated minimum of "
            + MIN_RAW_DISTANCE
            + " bits for a raw SimHash fingerprint: honest replicas on different hardware differ"
            + " by a bit or two and would be slashed";
    if (!r.allowLowDistance()) {
      return refuse(
          risk + "; use --max-distance " + MIN_RAW_DISTANCE + " or more, or --allow-low-distance");
    }
    warnings.add(risk + " (allowed by --allow-low-distance)");
    return Optional.empty();
  }

  private static boolean labelled(Request r) {
    if (!ResultFingerprint.TENSOR_EXECUTORS.contains(r.executor())) {
      return false;
    }
    try {
      return CanonicalForm.parse(r.parameters().path("canonical").asText(CanonicalForm.DEFAULT))
          .labelled();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void unknownParameters(Request r, List<String> warnings) {
    Set<String> known = PARAMETERS.get(r.executor());
    if (known == null) {
      return;
    }
    Set<String> unknown = new TreeSet<>();
    r.parameters().fieldNames().forEachRemaining(unknown::add);
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      warnings.add(
          "the "
              + r.executor()
              + " executor does not read the parameters "
              + unknown
              + " (it reads "
              + new TreeSet<>(known)
              + "); they only change the spec digest");
    }
  }

  /**
   * Refuses a sampled task whose rate is below the contract's bound for its fee share (read from
   * the chain into {@code price}): one line with the minimum, before anything is paid.
   */
  public static Optional<String> sampling(SampledPrice price) {
    if (!price.belowBound()) {
      return Optional.empty();
    }
    return refuse(
        "--sample-rate "
            + SampleRate.format(price.rateBps())
            + " is below the minimum of "
            + SampleRate.format(price.minRateBps())
            + " ("
            + price.minRateBps()
            + "bps) that makes cheating unprofitable at "
            + price.share()
            + " wei per seat: raise --sample-rate (a lower fee per seat lowers the minimum)");
  }

  /** The spec as replicas will see it, with artifact references standing in for the uploads. */
  static TaskSpec draft(Request r, byte @Nullable [] model) {
    return new TaskSpec(
        r.executor(),
        local(r.inputs()),
        model == null ? null : local(model),
        r.parameters(),
        r.seed());
  }

  private static ArtifactRef local(byte[] bytes) {
    return new ArtifactRef(
        Hashes.sha256(bytes), bytes.length, "http://preflight.invalid/artifacts");
  }

  /** One line for a replica's rejection: its code and detail. */
  static String describe(Rejection rejection) {
    return "replicas would reject this task (" + rejection.code().id() + "): " + rejection.detail();
  }

  static Optional<String> refuse(String reason) {
    return Optional.of(reason);
  }
}
