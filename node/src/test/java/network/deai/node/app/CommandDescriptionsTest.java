package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command, option and positional parameter of {@code deai} says what it is in --help, in more
 * than a word or two ("Blocks." does not say what the blocks are for).
 */
class CommandDescriptionsTest {
  private static final int LEAST_WORDS = 3;

  /** The commands, options and parameters under {@code line} whose help text is empty. */
  static List<String> undescribed(CommandLine line) {
    List<String> missing = new ArrayList<>();
    walk(line, line.getCommandName(), missing);
    return missing;
  }

  private static void walk(CommandLine line, String path, List<String> missing) {
    CommandSpec spec = line.getCommandSpec();
    if (terse(spec.usageMessage().description())) {
      missing.add(path);
    }
    for (ArgSpec arg : spec.args()) {
      if (terse(arg.description())) {
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

  private static boolean terse(String[] lines) {
    String text = String.join(" ", lines).strip();
    return text.isEmpty() || text.split("\\s+").length < LEAST_WORDS;
  }

  @CommandLine.Command(name = "terse", description = "Runs the terse command.")
  static final class Terse {
    @CommandLine.Option(names = "--window", description = "Blocks.")
    int window;

    @CommandLine.Option(names = "--said", description = "Blocks to wait for a reply.")
    int said;
  }

  @Test
  void aOneWordDescriptionCountsAsMissing() {
    assertThat(undescribed(new CommandLine(new Terse()))).containsExactly("terse --window");
  }

  /** The --help text of {@code line} and every command under it. */
  private static List<String> helpTexts(CommandLine line) {
    List<String> texts = new ArrayList<>(List.of(line.getUsageMessage()));
    line.getSubcommands().values().forEach(sub -> texts.addAll(helpTexts(sub)));
    return texts;
  }

  @Test
  void noHelpShowsAnEmptyDefault() {
    assertThat(helpTexts(DeaiCommand.commandLine()))
        .noneMatch(text -> text.lines().anyMatch(l -> l.strip().equals("Default:")));
  }

  /** The commands under {@code line} (as "deai task submit") that take {@code option}. */
  private static List<String> taking(CommandLine line, String path, String option) {
    List<String> found = new ArrayList<>();
    if (line.getCommandSpec().findOption(option) != null) {
      found.add(path);
    }
    line.getSubcommands()
        .forEach((name, sub) -> found.addAll(taking(sub, path + " " + name, option)));
    return found;
  }

  @Test
  void commandsTakeOnlyTheContractOptionsTheyUse() {
    CommandLine deai = DeaiCommand.commandLine();

    assertThat(taking(deai, "deai", "--jobs-contract"))
        .containsExactlyInAnyOrder(
            "deai job submit",
            "deai job status",
            "deai job scores",
            "deai job settle",
            "deai job start",
            "deai job cancel",
            "deai job withdraw",
            "deai audit job",
            "deai explorer");
    assertThat(taking(deai, "deai", "--contract"))
        .isNotEmpty()
        .noneMatch(path -> path.startsWith("deai job "))
        .doesNotContain("deai audit job");
    assertThat(DeaiRun.of("task", "submit", "--help").out())
        .contains("--contract")
        .doesNotContain("--jobs-contract");
  }

  @Test
  void everyCommandOptionAndParameterHasADescription() {
    assertThat(undescribed(DeaiCommand.commandLine())).isEmpty();
  }
}
