package network.deai.node.requester;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.ResultFingerprint;
import network.deai.node.domain.ResultVector;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import network.deai.verifier.domain.canonical.CanonicalForm;
import org.jspecify.annotations.Nullable;

/**
 * A verified result in words, for the requester: for float-vector executors ({@code linear}, {@code
 * djl-linear}, {@code process}) the logits row by row and each row's top label, against the true
 * labels when given; for {@code onnx} each output tensor's name and shape and, under a label
 * canonical form, each item's labels, or its text for {@code ctc} when a dictionary is given.
 * Decoding only: the bytes were checked against the verdict before.
 */
public final class ResultReport {
  private static final int SHOWN_VALUES = 16;

  private ResultReport() {}

  /**
   * What to print for {@code result}.
   *
   * @param spec the task's spec, or null when it could not be fetched
   * @param classes the model's classes (rows of its {@code weight}) for a float vector; 0 if
   *     unknown
   * @param truth the true label of each row ({@code deai task example}'s labels.txt); may be empty
   * @param text the text of a ctc label sequence, or null to print the labels
   */
  public static List<String> describe(
      @Nullable TaskSpec spec,
      byte[] result,
      int classes,
      int[] truth,
      @Nullable Function<int[], String> text) {
    if (spec == null) {
      return List.of(
          "the task's spec could not be fetched: " + result.length + " bytes, undecoded");
    }
    if (ResultFingerprint.TENSOR_EXECUTORS.contains(spec.executor())) {
      return tensors(spec, result, truth, text);
    }
    if (result.length % Float.BYTES != 0) {
      return List.of(result.length + " bytes: not a float32 vector");
    }
    return logits(ResultVector.decode(result), classes, truth);
  }

  private static List<String> logits(float[] values, int knownClasses, int[] truth) {
    int n = values.length;
    int classes =
        knownClasses > 0
            ? knownClasses
            : truth.length > 0 && n % truth.length == 0 ? n / truth.length : n;
    List<String> lines = new ArrayList<>();
    if (classes == 0 || n % classes != 0) {
      lines.add(n + " float32 values, not a multiple of the model's " + classes + " classes:");
      lines.add("  " + values(values));
      return lines;
    }
    int rows = n / classes;
    lines.add(rows + " rows x " + classes + " logits (raw float32, little-endian)");
    boolean compare = truth.length == rows;
    if (truth.length > 0 && !compare) {
      lines.add("the labels file has " + truth.length + " labels for " + rows + " rows: ignored");
    }
    int right = 0;
    for (int row = 0; row < rows; row++) {
      float[] logits = Arrays.copyOfRange(values, row * classes, (row + 1) * classes);
      int top = argmax(logits);
      String against = "";
      if (compare) {
        right += top == truth[row] ? 1 : 0;
        against = ", true label " + truth[row] + (top == truth[row] ? "" : " (wrong)");
      }
      lines.add("row " + row + ": top label " + top + against + "  logits " + values(logits));
    }
    if (compare) {
      lines.add("top label is the true label in " + right + " of " + rows + " rows");
    }
    return lines;
  }

  private static List<String> tensors(
      TaskSpec spec, byte[] result, int[] truth, @Nullable Function<int[], String> text) {
    Map<String, Safetensors.Tensor> outputs;
    switch (Safetensors.read(result)) {
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> r -> {
        return List.of("not a safetensors file: " + r.rejection().detail());
      }
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok -> outputs = new TreeMap<>(ok.value());
    }
    List<String> lines = new ArrayList<>();
    outputs.forEach(
        (name, tensor) ->
            lines.add("tensor " + name + " float32 " + Arrays.toString(tensor.shape())));
    if (ResultFingerprint.form(spec) instanceof Outcome.Ok<CanonicalForm> form
        && form.value() instanceof CanonicalForm.Labels labelled
        && ResultFingerprint.labels(labelled, outputs)
            instanceof Outcome.Ok<Map<String, int[][]>> labels) {
      Function<int[], String> words =
          labelled instanceof CanonicalForm.Ctc && text != null ? text : Arrays::toString;
      labels
          .value()
          .forEach((name, items) -> lines.addAll(items(name, labelled, items, truth, words)));
    }
    return lines;
  }

  private static List<String> items(
      String name,
      CanonicalForm.Labels form,
      int[][] items,
      int[] truth,
      Function<int[], String> words) {
    List<String> lines = new ArrayList<>();
    boolean compare = form instanceof CanonicalForm.Argmax && truth.length == items.length;
    for (int i = 0; i < items.length; i++) {
      String against =
          compare ? ", true label " + truth[i] + (items[i][0] == truth[i] ? "" : " (wrong)") : "";
      lines.add(name + " item " + i + " (" + form.id() + "): " + shown(words, items[i]) + against);
    }
    return lines;
  }

  private static String shown(Function<int[], String> words, int[] labels) {
    try {
      return words.apply(labels);
    } catch (IllegalArgumentException e) {
      return Arrays.toString(labels) + " (" + e.getMessage() + ")";
    }
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static String values(float[] values) {
    StringBuilder line = new StringBuilder("[");
    for (int i = 0; i < Math.min(values.length, SHOWN_VALUES); i++) {
      line.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", values[i]));
    }
    return line.append(values.length > SHOWN_VALUES ? ", ...]" : "]").toString();
  }
}
