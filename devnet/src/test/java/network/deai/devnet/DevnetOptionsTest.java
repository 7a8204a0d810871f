package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

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
}
