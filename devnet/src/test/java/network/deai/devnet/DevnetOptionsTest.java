package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * {@code deai devnet --help} describes every option (the node's commands: CommandDescriptionsTest).
 */
class DevnetOptionsTest {
  @Test
  void everyDevnetOptionHasADescription() {
    CommandLine devnet =
        java.util.Objects.requireNonNull(
            DevnetMain.commandLine(false).getSubcommands().get("devnet"));

    assertThat(devnet.getCommandSpec().args())
        .filteredOn(arg -> String.join("", arg.description()).isBlank())
        .extracting(ArgSpec::paramLabel)
        .isEmpty();
  }

  @Test
  void theFlJobRefusesAnUnknownArchitectureInOneLineAndTrainsEveryOtherOnEitherEngine() {
    java.nio.file.Path dir = java.nio.file.Path.of("target", "unused");
    assertThatThrownBy(() -> fl("java", "cnn", dir))
        .hasMessage(
            "--architecture must be softmax, mlp:H with H hidden units in 1..1024 (e.g. mlp:64)"
                + " or cnn:C with C convolution channels in 1..64 (e.g. cnn:8), got 'cnn'");
    assertThat(fl("djl", "mlp:64", dir)).isNotNull();
    assertThat(fl("java", "mlp:64", dir)).isNotNull();
    assertThat(fl("djl", "cnn:8", dir)).isNotNull();
    assertThat(fl("java", "cnn:8", dir)).isNotNull();
  }

  @Test
  void theDevnetWaitsLongerForModelsWithMoreMultiplyAddsPerRow() {
    assertThat(FlDevnet.slowdown("softmax")).isEqualTo(1);
    assertThat(FlDevnet.slowdown("mlp:64")).as("50,890 parameters").isEqualTo(7);
    assertThat(FlDevnet.slowdown("cnn:8"))
        .as("11,738 parameters, but 115,200 + 11,520 multiply-adds a row")
        .isEqualTo(17);
    assertThat(FlDevnet.slowdown("cnn:1")).as("14,400 + 1,440").isEqualTo(3);
  }

  private static FlDevnet fl(String engine, String architecture, java.nio.file.Path dir) {
    return new FlDevnet(
        new FlDevnet.Options(5, 1, 1, 7, 1, engine, dir, "digits", 100, architecture), System.out);
  }
}
