package network.deai.bench;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import network.deai.learning.DataSplit;
import network.deai.learning.FashionMnist;

/** Fashion-MNIST as Debian's package {@code dataset-fashion-mnist} installs it. */
public final class FashionMnistFiles {

  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final Path DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  private FashionMnistFiles() {}

  /** Whether the four {@link FashionMnist#FILES} are in {@code directory}. */
  public static boolean installed(Path directory) {
    return FashionMnist.FILES.stream().allMatch(f -> Files.isRegularFile(directory.resolve(f)));
  }

  /** The default subset (6,000 / 1,000 / 1,000) from {@link #DIRECTORY}. */
  public static DataSplit load(long seed) {
    return load(
        DIRECTORY,
        FashionMnist.DEFAULT_TRAIN,
        FashionMnist.DEFAULT_VALIDATION,
        FashionMnist.DEFAULT_TEST,
        seed);
  }

  /**
   * {@link FashionMnist#load} from the files in {@code directory}.
   *
   * @throws UncheckedIOException if the files are missing (the one-line message says how to install
   *     them) or cannot be read
   */
  public static DataSplit load(Path directory, int train, int validation, int test, long seed) {
    if (!installed(directory)) {
      throw new UncheckedIOException(
          "Fashion-MNIST is not in "
              + directory
              + ": install it with 'sudo apt-get install -y dataset-fashion-mnist'",
          new NoSuchFileException(directory.toString()));
    }
    return FashionMnist.load(
        file -> Files.newInputStream(directory.resolve(file)), train, validation, test, seed);
  }
}
