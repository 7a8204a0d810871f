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
    return new CommandLine(new DeaiCommand())
        .setExecutionExceptionHandler(DeaiCommand::report)
        .setParameterExceptionHandler(DeaiCommand::misused);
  }

  /**
   * A bad command line is one line (plus picocli's "did you mean" suggestions) that names the
   * problem and where the help is, with exit status 2, instead of the whole usage text.
   */
  private static int misused(CommandLine.ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    java.io.PrintWriter err = line.getErr();
    err.println("deai: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("(see " + line.getCommandSpec().qualifiedName() + " --help)");
    err.flush();
    return line.getCommandSpec().exitCodeOnInvalidInput();
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
    if (e instanceof java.net.BindException bind) {
      commandLine
          .getErr()
          .println("deai: cannot listen: " + bind.getMessage() + "; pick a free port");
      return 2;
    }
    if (System.getenv("DEAI_DEBUG") != null) {
      throw e;
    }
    commandLine.getErr().println("deai: " + message(e) + " (set DEAI_DEBUG=1 for the stack trace)");
    return 1;
  }

  /** The first message along the cause chain, on one line, without exception class names. */
  private static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text = t.getMessage();
      if (text != null && !text.isBlank()) {
        return text.replaceAll("\\s+", " ")
            .replaceAll("(?:[a-z]\\w*\\.)+(\\w*Exception): ", "")
            .strip();
      }
    }
    return e.getClass().getSimpleName() + " without a message";
  }
}
