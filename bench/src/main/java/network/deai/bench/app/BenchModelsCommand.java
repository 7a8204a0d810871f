package network.deai.bench.app;

import java.util.concurrent.Callable;
import network.deai.bench.ModelDeviceCheck;
import network.deai.bench.ModelsBench;
import network.deai.node.app.OcrCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai bench models}. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "Honest noise and compute-saving cheats on a real model (PaddleOCR PP-OCRv4 text recognition"
          + " on rendered lines): SimHash distances across threads, optimization levels, parallel"
          + " and batched runs; detection rates of fp16/int8 weights, half-resolution input and"
          + " skipped blocks per canonical form; the recommended maxDistance; the executor's"
          + " overhead over ONNX Runtime and OCR tasks per minute."
    })
final class BenchModelsCommand implements Callable<Integer> {
  @Option(
      names = "--lines",
      defaultValue = "100",
      description = "Rendered text lines, one task each (default: ${DEFAULT-VALUE}).")
  int lines;

  @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description =
          "cpu: the full bench. cuda: compare CPU and GPU (device=cuda) on the same lines instead;"
              + " needs the -Pgpu build on an NVIDIA GPU (tools/gpu-check does both).")
  String device = "cpu";

  @Option(
      names = "--max-distance",
      defaultValue = "2",
      description =
          "With --device cuda: count CPU-GPU pairs beyond this SimHash distance"
              + " (default: ${DEFAULT-VALUE}, the CPU bench's recommendation).")
  int maxDistance;

  @Override
  public Integer call() throws Exception {
    switch (device) {
      case "cpu" -> new ModelsBench(OcrCommand.models(), lines, seed, System.out).run();
      case "cuda" ->
          new ModelDeviceCheck(OcrCommand.models(), lines, seed, maxDistance, System.out).run();
      default -> throw new IllegalArgumentException("--device must be cpu or cuda, not " + device);
    }
    return 0;
  }
}
