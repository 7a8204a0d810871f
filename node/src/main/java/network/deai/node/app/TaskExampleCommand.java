package network.deai.node.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import network.deai.node.requester.DigitsWorkload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deai task example}: a model and inputs file for the {@code linear} executor, so that a new
 * requester can submit a first task without writing safetensors by hand.
 */
@Command(
    name = "example",
    mixinStandardHelpOptions = true,
    description =
        "Write example files for the linear and djl-linear executors: model.safetensors (a"
            + " softmax classifier of 8x8 digit images trained from --seed: float32 weight [10,"
            + " 64] and bias [10]), inputs.safetensors (float32 inputs [rows, 64], held-out"
            + " digits) and labels.txt (their true digits), then print a deai task submit line"
            + " for them. The result of such a task is rows x 10 logits, raw float32: deai task"
            + " result <id> --labels labels.txt prints them with each row's top label.")
final class TaskExampleCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      defaultValue = "example",
      description = "Folder to write the files to (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("example");

  @Option(
      names = "--rows",
      defaultValue = "4",
      description = "Digit images in the inputs file, 1 to 1000 (default: ${DEFAULT-VALUE}).")
  int rows = 4;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed of the training and of the data split (default: ${DEFAULT-VALUE}).")
  long seed = 7;

  @Override
  public Integer call() throws Exception {
    if (rows < 1 || rows > 1000) {
      throw new IllegalArgumentException("--rows must be 1 to 1000, got " + rows);
    }
    DigitsWorkload digits = DigitsWorkload.train(seed);
    Files.createDirectories(out);
    Path model = Files.write(out.resolve("model.safetensors"), digits.model());
    Path inputs = Files.write(out.resolve("inputs.safetensors"), digits.inputs(0, rows));
    Path labels =
        Files.writeString(
            out.resolve("labels.txt"),
            String.join(
                    " ", Arrays.stream(digits.labels(0, rows)).mapToObj(Integer::toString).toList())
                + "\n");
    System.out.println("wrote " + model + ", " + inputs + " and " + labels);
    System.out.println(
        "submit: deai task submit --model "
            + model
            + " --inputs "
            + inputs
            + " --upload-to <a node's URL> --wait --out result.bin");
    System.out.println("then read it: deai task result <task id> --labels " + labels);
    return 0;
  }
}
