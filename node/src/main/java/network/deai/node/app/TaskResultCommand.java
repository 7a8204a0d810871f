package network.deai.node.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.ResultFingerprint;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import network.deai.node.ocr.OcrDictionary;
import network.deai.node.requester.RejectedResult;
import network.deai.node.requester.Requester;
import network.deai.node.requester.ResultReport;
import network.deai.verifier.domain.canonical.CanonicalForm;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.Web3j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deai task result}: downloads a settled task's result from an agreeing replica, checks it
 * against the verdict ({@link Requester#result}: digest and recomputed fingerprint) and prints it
 * decoded ({@link ResultReport}).
 */
@Command(
    name = "result",
    mixinStandardHelpOptions = true,
    description = {
      "Download a settled task's result from an agreeing replica, check its digest and recompute"
          + " its fingerprint against the verdict, and print it decoded: for linear, djl-linear"
          + " and process the logits per row and each row's top label (with --labels, against"
          + " the true labels); for onnx each output's name and shape and, under a label"
          + " --canonical, each item's labels (ctc: its text, with PaddleOCR's dictionary when"
          + " installed or --dictionary).",
      "Exit status 3 when the replicas agreed to reject the task (its code and meaning are"
          + " printed)."
    })
final class TaskResultCommand implements Callable<Integer> {
  /** The exit status of a task whose verified result is a rejection document. */
  static final int REJECTED = 3;

  @CommandLine.Mixin ClientOptions chain = new ClientOptions();

  @Parameters(
      paramLabel = "<task-id>",
      description = "The task's id (deai task submit printed it).")
  BigInteger taskId = BigInteger.ZERO;

  @Option(
      names = "--out",
      description =
          "Write the result here: the raw bytes to this file, or for onnx into this directory"
              + " (result.safetensors and labels.json). Default: print only.")
  @Nullable Path out;

  @Option(
      names = "--labels",
      description =
          "The true label of each row, separated by spaces or lines (the labels.txt that deai"
              + " task example writes): each row's top label is compared with it.")
  @Nullable Path labels;

  @Option(
      names = "--dictionary",
      description =
          "ctc only: the character dictionary, one per line (default: PaddleOCR's, when the"
              + " models are installed).")
  @Nullable Path dictionary;

  @Override
  public Integer call() throws IOException {
    int[] truth = labels == null ? new int[0] : truth(labels);
    Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
    try {
      return save(new Requester(chain.connect(web3j)), taskId, out, truth, dictionary);
    } finally {
      web3j.shutdown();
    }
  }

  /**
   * Fetches and verifies the result of {@code taskId}, prints it decoded and writes it to {@code
   * out} (a file; a directory for onnx); returns the exit status.
   */
  static int save(
      Requester requester,
      BigInteger taskId,
      @Nullable Path out,
      int[] truth,
      @Nullable Path dictionary)
      throws IOException {
    Requester.Result result = requester.result(taskId);
    TaskSpec spec = result.spec();
    byte[] bytes = result.bytes();
    if (spec != null && spec.executor().equals("onnx") && out != null) {
      int status = OnnxOptions.save(result, spec, out);
      if (status == 0) {
        describe(requester, spec, bytes, truth, dictionary);
      }
      return status;
    }
    System.out.println(
        "result " + result.digest().toHex() + " (" + bytes.length + " bytes, verified)");
    System.out.println("from " + result.source());
    if (RejectedResult.of(bytes).isPresent()) {
      System.out.println(new String(bytes, StandardCharsets.UTF_8));
    } else {
      describe(requester, spec, bytes, truth, dictionary);
    }
    if (out != null) {
      Files.write(out, bytes);
      System.out.println("saved " + out);
    }
    return rejected(bytes);
  }

  /**
   * {@value #REJECTED} after one line on standard error when {@code result} is a rejection
   * document, else 0.
   */
  static int rejected(byte[] result) {
    Optional<RejectedResult> rejection = RejectedResult.of(result);
    rejection.ifPresent(r -> System.err.println("deai: " + r.line()));
    return rejection.isPresent() ? REJECTED : 0;
  }

  private static void describe(
      Requester requester,
      @Nullable TaskSpec spec,
      byte[] bytes,
      int[] truth,
      @Nullable Path dictionary) {
    int classes = spec == null ? 0 : classes(requester, spec);
    Function<int[], String> text = spec == null ? null : text(spec, dictionary);
    ResultReport.describe(spec, bytes, classes, truth, text).forEach(System.out::println);
  }

  /** The rows of the model's {@code weight} for a float-vector executor; 0 when unknown. */
  private static int classes(Requester requester, TaskSpec spec) {
    ArtifactRef model = spec.model();
    if (ResultFingerprint.TENSOR_EXECUTORS.contains(spec.executor()) || model == null) {
      return 0;
    }
    try {
      if (Safetensors.read(requester.artifact(model))
          instanceof Outcome.Ok<Map<String, Safetensors.Tensor>> ok) {
        Safetensors.Tensor weight = ok.value().get("weight");
        if (weight != null && weight.shape().length == 2) {
          return weight.shape()[0];
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println(
          "deai: warning: cannot read the model's classes, rows are guessed: " + e.getMessage());
    }
    return 0;
  }

  /** The text of a ctc label sequence, for a ctc spec with a dictionary at hand; else null. */
  private static @Nullable Function<int[], String> text(TaskSpec spec, @Nullable Path dictionary) {
    if (!(ResultFingerprint.form(spec) instanceof Outcome.Ok<CanonicalForm> form
        && form.value() instanceof CanonicalForm.Ctc)) {
      return null;
    }
    Path file = dictionary;
    if (file == null) {
      try {
        file = OcrCommand.models().dictionary();
      } catch (UncheckedIOException e) {
        System.err.println("deai: warning: labels printed as numbers: " + e.getMessage());
        return null;
      }
    }
    OcrDictionary characters = OcrDictionary.read(file);
    return labels -> '"' + characters.text(labels) + '"';
  }

  /** The labels in {@code file}: integers separated by white space. */
  static int[] truth(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such file: " + file);
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    try {
      return text.isEmpty()
          ? new int[0]
          : Arrays.stream(text.split("\\s+")).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--labels "
              + file
              + " must hold integer labels separated by spaces or lines, like the labels.txt of"
              + " deai task example",
          e);
    }
  }
}
