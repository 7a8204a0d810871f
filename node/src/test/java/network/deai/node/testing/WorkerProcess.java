package network.deai.node.testing;

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

/**
 * A worker running as its own JVM through {@code deai node run} (or a {@link PausingWorker}),
 * killable with SIGKILL. The class path is the node module's {@code target/classes}, {@code
 * target/test-classes} and {@code target/classpath.txt} when run from the module (the tests), else
 * this JVM's own.
 */
public final class WorkerProcess implements AutoCloseable {
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
  public static WorkerProcess start(Map<String, String> env, Path log) throws IOException {
    return start(env, log, List.of("network.deai.node.app.DeaiCommand", "node", "run"));
  }

  /** Starts a {@link PausingWorker} that pauses after {@code step} (needs DEAI_PASSPHRASE). */
  public static WorkerProcess startPausing(Map<String, String> env, String step, Path log)
      throws IOException {
    return start(env, log, List.of(PausingWorker.class.getName(), step));
  }

  private static WorkerProcess start(Map<String, String> env, Path log, List<String> main)
      throws IOException {
    String classpath = classpath();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-cp", classpath));
    command.addAll(main);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return new WorkerProcess(builder.start());
  }

  private static String classpath() throws IOException {
    Path target = Path.of("target");
    if (!Files.isRegularFile(target.resolve("classpath.txt"))
        || !Files.isDirectory(target.resolve("test-classes"))) {
      return System.getProperty("java.class.path");
    }
    return target.resolve("classes").toAbsolutePath()
        + java.io.File.pathSeparator
        + target.resolve("test-classes").toAbsolutePath()
        + java.io.File.pathSeparator
        + Files.readString(target.resolve("classpath.txt")).strip();
  }

  /** The operating system's id of the process. */
  public long pid() {
    return process.pid();
  }

  /** Whether it is still running. */
  public boolean alive() {
    return process.isAlive();
  }

  /** The next stdout line containing {@code text} that arrived so far, without waiting. */
  public java.util.Optional<String> poll(String text) {
    for (String line = lines.poll(); line != null; line = lines.poll()) {
      if (line.contains(text)) {
        return java.util.Optional.of(line);
      }
    }
    return java.util.Optional.empty();
  }

  /** Waits for a stdout line containing {@code text}. */
  public String await(String text, Duration timeout) throws InterruptedException {
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

  /** SIGTERM, without waiting: the worker drains and exits on its own. */
  public void terminate() {
    process.destroy();
  }

  /** Waits for it to exit; its exit status, or empty when it is still running after timeout. */
  public java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? java.util.OptionalInt.of(process.exitValue())
        : java.util.OptionalInt.empty();
  }

  /** SIGKILL: no shutdown hooks, no flushing. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Asks it to stop (SIGTERM), and SIGKILLs it when it has not within 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
