package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Every command, option and positional parameter of {@code deai} says what it is in --help. */
class CommandDescriptionsTest {

  /** The commands, options and parameters under {@code line} whose help text is empty. */
  static List<String> undescribed(CommandLine line) {
    List<String> missing = new ArrayList<>();
    walk(line, line.getCommandName(), missing);
    return missing;
  }

  private static void walk(CommandLine line, String path, List<String> missing) {
    CommandSpec spec = line.getCommandSpec();
    if (blank(spec.usageMessage().description())) {
      missing.add(path);
    }
    for (ArgSpec arg : spec.args()) {
      if (blank(arg.description())) {
        missing.add(
            path
                + " "
                + (arg instanceof CommandLine.Model.OptionSpec o
                    ? o.longestName()
                    : arg.paramLabel()));
      }
    }
    line.getSubcommands().forEach((name, sub) -> walk(sub, path + " " + name, missing));
  }

  private static boolean blank(String[] lines) {
    return String.join("", lines).isBlank();
  }

  @Test
  void everyCommandOptionAndParameterHasADescription() {
    assertThat(undescribed(DeaiCommand.commandLine())).isEmpty();
  }
}
