package network.deai.node.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A worker running as its own JVM through {@code deai node run}, killable with SIGKILL. */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private WorkerProcess(Process process) {
    this.process = process;
    Thread.ofPlatform()
        .daemon()
        .name("worker-stdout")
        .start(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("<stdout closed: " + e.getMessage() + ">");
              }
            });
  }

  /** Starts {@code deai node run} with {@code env} (target/classes + the runtime classpath). */
  static WorkerProcess start(Map<String, String> env, Path log) throws IOException {
    return start(env, log, List.of("network.deai.node.app.DeaiCommand", "node", "run"));
  }

  /** Starts a {@link PausingWorker} that pauses after {@code step} (needs DEAI_PASSPHRASE). */
  static WorkerProcess startPausing(Map<String, String> env, String step, Path log)
      throws IOException {
    return start(env, log, List.of(PausingWorker.class.getName(), step));
  }

  private static WorkerProcess start(Map<String, String> env, Path log, List<String> main)
      throws IOException {
    Path target = Path.of("target");
    String classpath =
        target.resolve("classes").toAbsolutePath()
            + java.io.File.pathSeparator
            + target.resolve("test-classes").toAbsolutePath()
            + java.io.File.pathSeparator
            + Files.readString(target.resolve("classpath.txt")).strip();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-cp", classpath));
    command.addAll(main);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return new WorkerProcess(builder.start());
  }

  /** Waits for a stdout line containing {@code text}. */
  String await(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.contains(text)) {
        return line;
      }
      if (line == null && !process.isAlive()) {
        throw new IllegalStateException("worker exited with " + process.exitValue());
      }
    }
    throw new IllegalStateException("no line containing '" + text + "' within " + timeout);
  }

  /** SIGKILL: no shutdown hooks, no flushing. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
