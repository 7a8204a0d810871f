package network.deai.node.app;

import java.util.concurrent.Callable;
import network.deai.node.bench.ModelsBench;
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

  @Override
  public Integer call() throws Exception {
    new ModelsBench(OcrCommand.models(), lines, seed, System.out).run();
    return 0;
  }
}
