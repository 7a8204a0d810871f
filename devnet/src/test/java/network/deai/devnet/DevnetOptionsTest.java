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
  void theFlJobRefusesAnUnknownArchitectureAndAnMlpOnTheDjlEngineInOneLine() {
    java.nio.file.Path dir = java.nio.file.Path.of("target", "unused");
    assertThatThrownBy(() -> fl("java", "cnn", dir))
        .hasMessage(
            "--architecture must be softmax or mlp:H with H hidden units in 1..1024 (e.g. mlp:64),"
                + " got 'cnn'");
    assertThatThrownBy(() -> fl("djl", "mlp:64", dir))
        .hasMessage(
            "--engine djl trains softmax only; use --engine java with --architecture mlp:64");
    assertThat(fl("java", "mlp:64", dir)).isNotNull();
  }

  private static FlDevnet fl(String engine, String architecture, java.nio.file.Path dir) {
    return new FlDevnet(
        new FlDevnet.Options(5, 1, 1, 7, 1, engine, dir, "digits", 100, architecture), System.out);
  }
}
