package network.deai.node.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A started command and everything it spawned, killed together: its process group (the command
 * starts through {@code setsid}, so the group's id is its pid) and every descendant still linked to
 * it, which catches a descendant that left the group. Only a descendant that both left the group
 * and was orphaned escapes; in a {@link Sandbox} nothing escapes, since the sandbox's PID namespace
 * dies with it.
 */
final class ProcessTree {
  private static final @Nullable Path SETSID = executable("/usr/bin/setsid", "/bin/setsid");
  private static final @Nullable Path KILL = executable("/usr/bin/kill", "/bin/kill");

  private final Process process;
  private final boolean groupLeader;

  private ProcessTree(Process process, boolean groupLeader) {
    this.process = process;
    this.groupLeader = groupLeader;
  }

  /** Starts {@code builder}'s command as the leader of a new process group where it can. */
  static ProcessTree start(ProcessBuilder builder) throws IOException {
    if (SETSID == null || KILL == null) {
      return new ProcessTree(builder.start(), false);
    }
    List<String> command = new ArrayList<>(List.of(SETSID.toString()));
    command.addAll(builder.command());
    return new ProcessTree(builder.command(command).start(), true);
  }

  Process process() {
    return process;
  }

  /** Kills the command and everything it spawned; safe to call more than once, from any thread. */
  void kill() {
    List<ProcessHandle> descendants = process.descendants().toList();
    if (groupLeader && KILL != null) {
      // The group outlives the command while any member lives, so its id cannot be reused by then.
      signalGroup(KILL);
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private void signalGroup(Path kill) {
    try {
      Process signal =
          new ProcessBuilder(kill.toString(), "-KILL", "--", "-" + process.pid())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!signal.waitFor(5, TimeUnit.SECONDS)) {
        signal.destroyForcibly();
      }
    } catch (IOException e) {
      // The descendants are still killed one by one.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static @Nullable Path executable(String... candidates) {
    return Stream.of(candidates).map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
  }
}
