package network.deai.learning;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST (Xiao et al. 2017): 28×28 grey-scale images of clothing in 10 classes, 60,000 for
 * training and 10,000 for testing, as installed by Debian's package {@code dataset-fashion-mnist}
 * (the gzipped IDX files named by {@link #FILES}). Pixels are scaled to {@code v / 255f}, so
 * features lie in {@code [0, 1]} and are the same floats on every JVM.
 *
 * <p>{@link #load} draws a seeded subset so that experiments stay fast: train and validation rows
 * from the training file, test rows from the test file. The result is a pure function of the files
 * and the arguments. Opening the files is the caller's ({@link Source}): this package does no
 * file-system access.
 */
public final class FashionMnist {

  /** Opens one of the {@link #FILES} as its raw (gzipped) bytes. */
  @FunctionalInterface
  public interface Source {
    /** The raw bytes of {@code file}; the caller of {@link #load} closes it. */
    InputStream open(String file) throws IOException;
  }

  /** The four files, gzipped IDX: training images and labels, then test images and labels. */
  public static final java.util.List<String> FILES =
      java.util.List.of(
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz");

  /** Pixels per image. */
  public static final int FEATURES = 28 * 28;

  /** Distinct labels. */
  public static final int CLASSES = 10;

  /** Default subset: rows to train on, across all trainers. */
  public static final int DEFAULT_TRAIN = 6_000;

  /** Default subset: validation rows (the requester's set that scores models). */
  public static final int DEFAULT_VALIDATION = 1_000;

  /** Default subset: held-out test rows. */
  public static final int DEFAULT_TEST = 1_000;

  private FashionMnist() {}

  /**
   * A seeded subset: a permutation of the training file drawn from {@code SplittableRandom(seed)}
   * gives the first {@code train} rows to train and the next {@code validation} to validation; a
   * permutation of the test file drawn from the same generator gives the first {@code test} rows.
   * Each part lists its rows in the drawn order.
   *
   * @throws UncheckedIOException if a file cannot be opened or read
   * @throws IllegalArgumentException if a size is not positive or a file has too few rows
   */
  public static DataSplit load(Source source, int train, int validation, int test, long seed) {
    if (train < 1 || validation < 1 || test < 1) {
      throw new IllegalArgumentException(
          "subset sizes must be positive: " + train + ", " + validation + ", " + test);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int[] trainOrder = Sampler.permutation(rng, count(source, FILES.get(1)));
    int[] testOrder = Sampler.permutation(rng, count(source, FILES.get(3)));
    if (train + validation > trainOrder.length || test > testOrder.length) {
      throw new IllegalArgumentException("Fashion-MNIST has fewer rows than requested");
    }
    Dataset trainAndValidation =
        read(source, FILES.get(0), FILES.get(1), Arrays.copyOf(trainOrder, train + validation));
    int[] first = new int[train];
    int[] rest = new int[validation];
    Arrays.setAll(first, i -> i);
    Arrays.setAll(rest, i -> train + i);
    return new DataSplit(
        trainAndValidation.subset(first),
        trainAndValidation.subset(rest),
        read(source, FILES.get(2), FILES.get(3), Arrays.copyOf(testOrder, test)));
  }

  /** The softmax model for these images: 784 features, 10 classes, 7,850 parameters. */
  public static SoftmaxModel softmax() {
    return new SoftmaxModel(FEATURES, CLASSES);
  }

  /**
   * Local training for the softmax model: 2 epochs of batches of 16 at learning rate 0.05 (the
   * digits' 0.5 diverges on 784 features).
   */
  public static TrainingConfig local() {
    return new TrainingConfig(0.05, 2, 16);
  }

  private static int count(Source source, String labels) {
    try (InputStream in = open(source, labels)) {
      byte[] header = in.readNBytes(8);
      if (header.length < 8) {
        throw new IllegalStateException("truncated IDX header in " + labels);
      }
      return ((header[4] & 0xFF) << 24)
          | ((header[5] & 0xFF) << 16)
          | ((header[6] & 0xFF) << 8)
          | (header[7] & 0xFF);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + labels, e);
    }
  }

  private static Dataset read(Source source, String images, String labels, int[] rows) {
    try (InputStream imageData = open(source, images);
        InputStream labelData = open(source, labels)) {
      return IdxDataset.read(imageData, labelData, CLASSES, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + images + " and " + labels, e);
    }
  }

  private static InputStream open(Source source, String file) throws IOException {
    return new GZIPInputStream(new BufferedInputStream(source.open(file), 1 << 16));
  }
}
