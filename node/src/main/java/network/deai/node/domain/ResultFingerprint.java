package network.deai.node.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.verifier.domain.canonical.CanonicalForm;
import network.deai.verifier.domain.canonical.LabelEncoding;
import network.deai.verifier.domain.fingerprint.SimHash;
import org.jspecify.annotations.Nullable;

/**
 * The fingerprint a replica commits to for its result bytes. The worker that produces the bytes and
 * the requester that downloads them compute it with this one function, so the requester can check
 * any replica's bytes against the task's verdict instead of trusting the replica.
 *
 * <ol>
 *   <li>A rejection document ({@link Rejection#document()}): SHA-256 of its bytes, in both modes.
 *   <li>A tensor result (executors in {@link #TENSOR_EXECUTORS}) whose spec's {@code canonical}
 *       parameter names a label form (see {@link CanonicalForm}), in both modes: the bytes are
 *       safetensors of the named outputs, and the fingerprint is SHA-256 of the {@link
 *       LabelEncoding} of every output's labels, so that in EXACT mode replicas must agree exactly
 *       on the labels while the result keeps the raw outputs (the contract compares fingerprints,
 *       not result digests).
 *   <li>Any other result in EXACT mode: SHA-256 of the bytes.
 *   <li>A tensor result in SIMILAR mode with {@code canonical} {@code raw} (the default): the
 *       SimHash (keyed by the spec's seed) of every output's floats concatenated in ascending order
 *       of the outputs' UTF-8 names.
 *   <li>Any other result in SIMILAR mode: the bytes are a {@link ResultVector}; the SimHash of its
 *       floats.
 * </ol>
 */
public final class ResultFingerprint {
  /** Executors whose results are safetensors of named outputs rather than one float vector. */
  public static final List<String> TENSOR_EXECUTORS = List.of("onnx");

  private static final List<byte[]> REJECTIONS =
      Arrays.stream(Rejection.Code.values()).map(c -> new Rejection(c, "-").document()).toList();

  private static final Comparator<Map.Entry<String, Safetensors.Tensor>> BY_UTF8_NAME =
      Comparator.comparing(
          e -> e.getKey().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

  /**
   * The smallest {@code maxDistance} (bits) at which a SIMILAR task with a SimHash fingerprint is
   * safe for honest replicas: {@code deai bench calibration} measures honest replicas at relative
   * float noise 1e-5 to 1e-3 at most 1 bit apart and different results at least 11 bits apart, and
   * recommends 3 (no false slash and no false accept in 200 trials); see the README's benchmark
   * table. Requesters are refused below it (pre-flight) and workers decline such tasks.
   */
  public static final int MIN_RAW_DISTANCE = 3;

  private ResultFingerprint() {}

  /**
   * Whether replicas of {@code spec} compare the result's floats (SimHash in SIMILAR mode, every
   * byte in EXACT mode: float outputs, or the {@code raw} canonical form), as opposed to labels
   * that must be equal; an unreadable canonical form counts as floats.
   */
  public static boolean isSimHash(TaskSpec spec) {
    return !TENSOR_EXECUTORS.contains(spec.executor())
        || !(form(spec) instanceof Outcome.Ok<CanonicalForm> ok
            && ok.value() instanceof CanonicalForm.Labels);
  }

  /**
   * The fingerprint of {@code result}, or why it cannot have one: the bytes do not decode, or the
   * spec's canonical form does not fit them ({@code spec} may be null only for rejections).
   */
  public static Outcome<Bytes32> of(@Nullable TaskSpec spec, boolean similar, byte[] result) {
    if (isRejection(result) || (!similar && (spec == null || isSimHash(spec)))) {
      return Outcome.ok(Hashes.sha256(result));
    }
    if (spec == null) {
      return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "no valid spec for this result");
    }
    if (!TENSOR_EXECUTORS.contains(spec.executor())) {
      if (result.length % Float.BYTES != 0) {
        return Outcome.rejected(
            Rejection.Code.EXECUTION_FAILED, "a result vector has a multiple of 4 bytes");
      }
      return Outcome.ok(new SimHash(spec.seed()).fingerprint(ResultVector.decode(result)));
    }
    return switch (form(spec)) {
      case Outcome.Rejected<CanonicalForm> r -> new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<CanonicalForm> ok -> tensors(spec, ok.value(), result);
    };
  }

  /** The spec's canonical form; an unknown one is a {@code malformed-spec}. */
  public static Outcome<CanonicalForm> form(TaskSpec spec) {
    var value = spec.parameters().path("canonical");
    if (!value.isMissingNode() && !value.isTextual()) {
      return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "canonical must be a string");
    }
    try {
      return Outcome.ok(CanonicalForm.parse(value.asText(CanonicalForm.DEFAULT)));
    } catch (IllegalArgumentException e) {
      return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, String.valueOf(e.getMessage()));
    }
  }

  /** Every output's labels under {@code form}, or why the outputs do not fit it. */
  public static Outcome<Map<String, int[][]>> labels(
      CanonicalForm.Labels form, Map<String, Safetensors.Tensor> outputs) {
    Map<String, int[][]> labels = new LinkedHashMap<>();
    try {
      for (var output : sorted(outputs).entrySet()) {
        labels.put(
            output.getKey(), form.labels(output.getValue().data(), output.getValue().shape()));
      }
    } catch (IllegalArgumentException e) {
      return Outcome.rejected(
          Rejection.Code.MALFORMED_SPEC,
          "canonical " + form.id() + " does not fit the outputs: " + e.getMessage());
    }
    return Outcome.ok(labels);
  }

  private static Outcome<Bytes32> tensors(TaskSpec spec, CanonicalForm form, byte[] result) {
    Map<String, Safetensors.Tensor> outputs;
    switch (Safetensors.read(result)) {
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> r -> {
        return Outcome.rejected(Rejection.Code.EXECUTION_FAILED, r.rejection().detail());
      }
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok -> outputs = ok.value();
    }
    return switch (form) {
      case CanonicalForm.Raw raw ->
          Outcome.ok(new SimHash(spec.seed()).fingerprint(concatenate(outputs)));
      case CanonicalForm.Labels labelled ->
          switch (labels(labelled, outputs)) {
            case Outcome.Rejected<Map<String, int[][]>> r -> new Outcome.Rejected<>(r.rejection());
            case Outcome.Ok<Map<String, int[][]>> ok ->
                Outcome.ok(Hashes.sha256(LabelEncoding.encode(ok.value())));
          };
    };
  }

  private static float[] concatenate(Map<String, Safetensors.Tensor> outputs) {
    Map<String, Safetensors.Tensor> sorted = sorted(outputs);
    int total = sorted.values().stream().mapToInt(t -> t.data().length).sum();
    float[] all = new float[total];
    int at = 0;
    for (Safetensors.Tensor tensor : sorted.values()) {
      System.arraycopy(tensor.data(), 0, all, at, tensor.data().length);
      at += tensor.data().length;
    }
    return all;
  }

  private static Map<String, Safetensors.Tensor> sorted(Map<String, Safetensors.Tensor> outputs) {
    Map<String, Safetensors.Tensor> sorted = new LinkedHashMap<>();
    outputs.entrySet().stream()
        .sorted(BY_UTF8_NAME)
        .forEachOrdered(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private static boolean isRejection(byte[] result) {
    return result.length > 0
        && result[0] == '{'
        && REJECTIONS.stream().anyMatch(d -> Arrays.equals(d, result));
  }
}
