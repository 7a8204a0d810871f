package network.deai.node.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcrModelsTest {
  @TempDir Path root;

  @Test
  void findsTheAssetsUpwardFromAStart() throws IOException {
    Path assets = install(root.resolve(OcrModels.RELATIVE));
    Path deep = Files.createDirectories(root.resolve("node/target/classes"));

    OcrModels models = OcrModels.locate(Map.of(), List.of(root.resolve("elsewhere"), deep));

    assertThat(models.directory()).isEqualTo(assets);
    assertThat(models.recognizer()).isRegularFile();
  }

  @Test
  void prefersTheEnvironmentVariable() throws IOException {
    install(root.resolve(OcrModels.RELATIVE));
    Path named = install(root.resolve("mine"));

    OcrModels models = OcrModels.locate(Map.of("DEAI_MODELS_DIR", named.toString()), List.of(root));

    assertThat(models.directory()).isEqualTo(named);
  }

  @Test
  void saysToRunTheBuildWhenTheAssetsAreMissing() {
    assertThatThrownBy(() -> OcrModels.locate(Map.of(), List.of(root)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("PaddleOCR models not found")
        .hasMessageContaining("run the build")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(
            () -> OcrModels.locate(Map.of("DEAI_MODELS_DIR", root.toString()), List.of()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("DEAI_MODELS_DIR=" + root);
  }

  private static Path install(Path assets) throws IOException {
    Files.createDirectories(assets);
    Files.write(assets.resolve(OcrModels.RECOGNIZER), new byte[] {1});
    Files.writeString(assets.resolve(OcrModels.DICTIONARY), "a");
    return assets;
  }
}
