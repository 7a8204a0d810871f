package network.deai.node.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One {@code deai ...} command run in this JVM, with its exit status and what it printed. */
record DeaiRun(int status, String out, String err) {
  /** Runs {@code deai args}, capturing standard output and error. */
  static DeaiRun of(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      picocli.CommandLine line = DeaiCommand.commandLine();
      line.setErr(new java.io.PrintWriter(System.err, true));
      int status = line.execute(args);
      return new DeaiRun(
          status, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
