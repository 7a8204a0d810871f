package network.deai.devnet;

import network.deai.bench.app.BenchCommand;
import network.deai.node.app.DeaiCommand;
import picocli.CommandLine;

/**
 * The {@code deai} launcher's entry point: the node's commands plus {@code bench} and {@code
 * devnet}.
 */
public final class DevnetMain {
  private DevnetMain() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine(System.getenv("DEAI_DEBUG") != null).execute(args));
  }

  /**
   * The command line: the node's commands, {@code bench}, and {@code devnet}, whose every failure
   * ends in one line on stderr and a non-zero status; {@code debug} adds the stack trace.
   */
  static CommandLine commandLine(boolean debug) {
    CommandLine line =
        DeaiCommand.commandLine()
            .addSubcommand("bench", new BenchCommand())
            .addSubcommand("devnet", new DevnetCommand());
    line.setExecutionExceptionHandler(
        new OneLineFailure(line.getExecutionExceptionHandler(), debug));
    return line;
  }

  /** Reports a devnet failure as {@code deai devnet: <message>}; other commands keep theirs. */
  private record OneLineFailure(CommandLine.IExecutionExceptionHandler others, boolean debug)
      implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
      if (!command.getCommandName().equals("devnet")) {
        return others.handleExecutionException(e, command, parsed);
      }
      if (debug) {
        e.printStackTrace(command.getErr());
      }
      command
          .getErr()
          .println(
              "deai devnet: "
                  + message(e)
                  + (debug ? "" : " (set DEAI_DEBUG=1 for the stack trace)"));
      command.getErr().flush();
      return e instanceof IllegalArgumentException ? 2 : 1;
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
      return "an internal error without a message";
    }
  }
}
