package network.deai.devnet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ExecutorKinds;
import network.deai.node.domain.TaskSpec;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.requester.OcrWorkload;
import network.deai.node.requester.Requester;
import org.jspecify.annotations.Nullable;

/**
 * The devnet's workload: digits inference in EXACT and SIMILAR mode (pure Java and PyTorch) and,
 * every sixth task, text recognition with the real OCR model; uploaded once, submitted in every
 * phase under the phase's terms, and the OCR results scored against what was rendered.
 */
final class DevnetWorkload {
  /** Blocks a devnet task may wait for free workers before it expires unstarted, per task. */
  private static final int START_BLOCKS_PER_TASK = 20;

  private final Devnet.Options options;
  private final PrintStream out;
  private @Nullable OcrWorkload ocr;

  DevnetWorkload(Devnet.Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Task {@code i}'s kind: every sixth task reads text with the real OCR model. */
  static boolean isOcr(int i) {
    return i % 6 == 5;
  }

  /** Decodes every settled OCR task's verified result and scores it against what was rendered. */
  com.fasterxml.jackson.databind.node.ObjectNode readOcr(
      Requester requester, List<BigInteger> ids) {
    var json = JsonNodeFactory.instance.objectNode();
    var tasks = json.putArray("tasks");
    double sum = 0;
    int read = 0;
    for (int i = 0; i < ids.size(); i++) {
      if (!isOcr(i) || ocr == null) {
        continue;
      }
      var t = tasks.addObject();
      t.put("id", ids.get(i).longValue());
      t.put("canonical", ocrCanonical(i));
      t.put("mode", ocrExact(i) ? "EXACT" : "SIMILAR");
      try {
        Requester.Result result = requester.result(ids.get(i));
        switch (ocr.read(i, result.bytes())) {
          case network.deai.node.domain.Outcome.Ok<OcrWorkload.Reading> ok -> {
            OcrWorkload.Reading reading = ok.value();
            t.put("charAccuracy", reading.charAccuracy());
            reading.truth().forEach(t.putArray("truth")::add);
            reading.read().forEach(t.putArray("read")::add);
            sum += reading.charAccuracy();
            read++;
          }
          case network.deai.node.domain.Outcome.Rejected<OcrWorkload.Reading> r ->
              t.put("error", r.rejection().toString());
        }
      } catch (RuntimeException e) {
        t.put("error", String.valueOf(e.getMessage()));
      }
    }
    json.put("tasksRead", read);
    json.put("charAccuracy", read == 0 ? 0 : sum / read);
    return json;
  }

  private static String ocrCanonical(int i) {
    return ocrExact(i) ? "ctc" : "raw";
  }

  /**
   * Whether OCR task {@code i} is compared in EXACT mode on its decoded text (ctc labels), rather
   * than in SIMILAR mode on the SimHash of its logits.
   */
  private static boolean ocrExact(int i) {
    return i % 12 == 5;
  }

  /**
   * One task of the workload, uploaded once and submitted in every phase: its spec and how its
   * replicas are compared.
   */
  record WorkItem(
      Bytes32 specDigest,
      String specUri,
      int mode,
      int maxDistance,
      int commitWindow,
      int executors) {}

  /** Uploads the workload's model, inputs and specs to {@code store}. */
  List<WorkItem> upload(Requester requester, String store) {
    DigitsWorkload workload = DigitsWorkload.train(options.seed());
    ArtifactRef model = requester.upload(workload.model(), store);
    List<WorkItem> items = new ArrayList<>();
    ArtifactRef ocrModel = null;
    for (int i = 0; i < options.tasks(); i++) {
      if (isOcr(i)) {
        if (ocr == null) {
          ocr = OcrWorkload.load(ocrModels(), options.seed());
        }
        if (ocrModel == null) {
          ocrModel = requester.upload(ocr.model(), store);
        }
        items.add(ocrItem(requester, store, ocrModel, i));
        continue;
      }
      boolean similar = i % 2 == 1;
      ArtifactRef inputs = requester.upload(workload.inputs(i * 16, 16), store);
      String executor = i % 4 == 3 ? "djl-linear" : "linear";
      TaskSpec spec =
          new TaskSpec(
              executor,
              inputs,
              model,
              similar && i % 4 == 1
                  ? JsonNodeFactory.instance.objectNode().put("emulatedNoise", 1e-5)
                  : JsonNodeFactory.instance.objectNode(),
              options.seed() + i);
      ArtifactRef specRef = requester.upload(spec.canonicalBytes(), store);
      items.add(
          new WorkItem(
              specRef.digest(),
              specRef.uri(),
              similar ? 1 : 0,
              similar ? 8 : 0,
              6,
              ExecutorKinds.requirement(executor)));
    }
    out.printf(
        "workload of %d tasks: 16 digits each, EXACT (pure Java), SIMILAR with emulated float"
            + " noise (pure Java) and SIMILAR on PyTorch (DJL); every sixth reads %d rendered text"
            + " lines with the PaddleOCR PP-OCRv4 model on ONNX Runtime (decoded text in EXACT mode,"
            + " or SimHash of the logits in SIMILAR mode). The requester starts each as workers free"
            + " up%n",
        items.size(), OcrWorkload.LINES_PER_TASK);
    return items;
  }

  private WorkItem ocrItem(Requester requester, String store, ArtifactRef model, int i) {
    OcrWorkload workload = java.util.Objects.requireNonNull(ocr);
    ArtifactRef inputs = requester.upload(workload.inputs(i), store);
    String canonical = ocrCanonical(i);
    TaskSpec spec =
        new TaskSpec(
            "onnx",
            inputs,
            model,
            JsonNodeFactory.instance.objectNode().put("canonical", canonical).put("threads", 1),
            options.seed() + i);
    ArtifactRef specRef = requester.upload(spec.canonicalBytes(), store);
    // ctc: EXACT on SHA-256 of the decoded labels (a fingerprint that is not the result's digest,
    // see docs/protocol.md, fingerprints); raw: SIMILAR on the SimHash of the logits.
    boolean exact = ocrExact(i);
    return new WorkItem(
        specRef.digest(),
        specRef.uri(),
        exact ? 0 : 1,
        exact ? 0 : 8,
        Devnet.OCR_COMMIT_WINDOW,
        ExecutorKinds.requirement("onnx"));
  }

  /** The workload's requests under {@code terms}. */
  List<Requester.Request> requests(List<WorkItem> items, PhaseLedger.Terms terms) {
    int startWindow = Math.max(100, options.tasks() * START_BLOCKS_PER_TASK);
    List<Requester.Request> requests = new ArrayList<>();
    for (WorkItem item : items) {
      requests.add(
          new Requester.Request(
              item.specDigest(), item.specUri(), params(item, terms, startWindow)));
    }
    return requests;
  }

  /**
   * A replicated task asks for --quorum; a sampled one for 0 (the contract then requires every seat
   * to agree).
   */
  private Requester.Params params(WorkItem item, PhaseLedger.Terms terms, int startWindow) {
    return new Requester.Params(
        item.mode(),
        terms.replicas(),
        terms.sampled() ? 0 : options.quorum(),
        item.maxDistance(),
        item.commitWindow(),
        6,
        1,
        terms.fee(),
        0,
        item.executors(),
        startWindow,
        terms.sampleRateBps());
  }

  private static network.deai.node.ocr.OcrModels ocrModels() {
    List<@Nullable Path> starts = new ArrayList<>();
    starts.add(Path.of(""));
    String home = System.getProperty("deai.home");
    starts.add(home == null ? null : Path.of(home));
    return network.deai.node.ocr.OcrModels.locate(System.getenv(), starts);
  }
}
