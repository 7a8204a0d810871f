package network.deai.node.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code deai} command line. */
@Command(
    name = "deai",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Verified decentralised AI compute: GPU providers run workers that commit-then-reveal their"
          + " results on chain; the contract cross-validates replicas, pays agreeing ones and"
          + " slashes cheaters.",
      ""
    },
    subcommands = {
      KeysCommand.class,
      NodeCommand.class,
      TaskCommand.class,
      JobCommand.class,
      AuditCommand.class,
      ExplorerCommand.class,
      ChainCommand.class,
      OcrCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DeaiCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its error handling, for launchers that add subcommands. */
  public static CommandLine commandLine() {
    return new CommandLine(new DeaiCommand()).setExecutionExceptionHandler(DeaiCommand::report);
  }

  /** Bad input and I/O trouble get one clear line and exit status 2, not a stack trace. */
  private static int report(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) throws Exception {
    if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
      commandLine.getErr().println("deai: " + e.getMessage());
      return 2;
    }
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      java.nio.file.Path parent = java.nio.file.Path.of(missing.getFile()).getParent();
      commandLine
          .getErr()
          .println(
              parent != null && !java.nio.file.Files.isDirectory(parent)
                  ? "deai: no such folder: " + parent + " (for " + missing.getFile() + ")"
                  : "deai: no such file or folder: " + missing.getFile());
      return 2;
    }
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      commandLine.getErr().println("deai: permission denied: " + denied.getFile());
      return 2;
    }
    throw e;
  }
}
