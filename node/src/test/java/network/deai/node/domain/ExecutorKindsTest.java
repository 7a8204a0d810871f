package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorKindsTest {
  @Test
  void mapsEachExecutorToItsFixedBit() {
    assertThat(ExecutorKinds.bit("linear")).isEqualTo(0b001);
    assertThat(ExecutorKinds.bit("djl-linear")).isEqualTo(0b010);
    assertThat(ExecutorKinds.bit("process")).isEqualTo(0b100);
    assertThat(ExecutorKinds.bit("onnx")).isEqualTo(0b1000);
    assertThat(ExecutorKinds.mask(List.of("linear", "process"))).isEqualTo(0b101);
  }

  @Test
  void aNodeCannotDeclareAnUnknownExecutor() {
    assertThatThrownBy(() -> ExecutorKinds.mask(List.of("linear", "gpu-magic")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown executor 'gpu-magic'");
  }

  @Test
  void aTaskWithAnUnknownExecutorRequiresNothing() {
    assertThat(ExecutorKinds.requirement("djl-linear")).isEqualTo(0b010);
    assertThat(ExecutorKinds.requirement("gpu-magic")).isZero();
  }
}
