package network.deai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import network.deai.learning.DataSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistFilesTest {

  @Test
  void loadsASeededSubsetOf28By28ImagesInTenClasses() {
    assumeTrue(
        FashionMnistFiles.installed(FashionMnistFiles.DIRECTORY),
        "Fashion-MNIST is not installed: apt-get install -y dataset-fashion-mnist");

    DataSplit split = FashionMnistFiles.load(FashionMnistFiles.DIRECTORY, 300, 100, 200, 7);
    DataSplit again = FashionMnistFiles.load(FashionMnistFiles.DIRECTORY, 300, 100, 200, 7);

    assertThat(split.train().size()).isEqualTo(300);
    assertThat(split.validation().size()).isEqualTo(100);
    assertThat(split.test().size()).isEqualTo(200);
    assertThat(split.train().features()).isEqualTo(784);
    assertThat(split.train().classes()).isEqualTo(10);
    assertThat(split.train().classCounts()).doesNotContain(0);
    for (float[] row : split.test().x()) {
      for (float v : row) {
        assertThat(v).isBetween(0f, 1f);
      }
    }
    assertThat(again.train().y()).containsExactly(split.train().y());
    assertThat(again.test().x()[17]).containsExactly(split.test().x()[17]);
  }

  @Test
  void differentSeedsDrawDifferentRows() {
    assumeTrue(
        FashionMnistFiles.installed(FashionMnistFiles.DIRECTORY),
        "Fashion-MNIST is not installed: apt-get install -y dataset-fashion-mnist");

    DataSplit one = FashionMnistFiles.load(FashionMnistFiles.DIRECTORY, 50, 10, 10, 1);
    DataSplit two = FashionMnistFiles.load(FashionMnistFiles.DIRECTORY, 50, 10, 10, 2);

    assertThat(one.train().y()).isNotEqualTo(two.train().y());
  }

  @Test
  void saysHowToInstallTheDataWhenItIsMissing(@TempDir Path empty) {
    assertThat(FashionMnistFiles.installed(empty)).isFalse();
    assertThatThrownBy(() -> FashionMnistFiles.load(empty, 10, 10, 10, 7))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("apt-get install -y dataset-fashion-mnist")
        .message()
        .doesNotContain("\n");
  }
}
