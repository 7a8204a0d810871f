package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessExecutorTest {
  private static final byte[] INPUTS =
      Safetensors.write(
          Map.of("inputs", new Safetensors.Tensor(new int[] {2}, new float[] {1, 2})));
  private static final long MEMORY = 512L << 20;
  private static final String NO_SANDBOX =
      "bwrap is not on PATH or cannot create namespaces here"
          + " ('bwrap --unshare-all --ro-bind / / true' failed); install Debian's bubblewrap";

  /** A unique sleep length, so the test can find the process it started among all others. */
  private final String marker =
      "sleep " + (700_000 + ThreadLocalRandom.current().nextInt(100_000)) + ".5";

  @TempDir Path scratch;

  @AfterEach
  void killLeftovers() {
    processesWith(marker).forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void runsDeclaredCommandsOnlyWithinTheirLimits() {
    ProcessExecutor executor =
        new ProcessExecutor(
            Map.of(
                "answer",
                List.of("/bin/sh", "-c", "cat > /dev/null; echo '{\"output\":[1.5, -2]}'"),
                "slow",
                List.of("/bin/sh", "-c", "sleep 5"),
                "crash",
                List.of("/bin/sh", "-c", "exit 3")),
            Duration.ofMillis(500),
            MEMORY);
    assertThat(run(executor, "answer")).isEqualTo("[1.5, -2.0]");
    assertThat(run(executor, "slow"))
        .isEqualTo("execution-timeout: process ran longer than PT0.5S");
    assertThat(run(executor, "crash")).isEqualTo("execution-failed: process exited with status 3");
    assertThat(run(executor, "rm -rf /"))
        .startsWith("unknown-executor: process command 'rm -rf /' is not declared");
  }

  @Test
  void hidesTheNodeEnvironmentFromTheCommand() throws IOException {
    Map<String, String> node = new HashMap<>();
    node.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    node.put("LANG", "C.UTF-8");
    node.put("DEAI_PASSPHRASE", "hunter2");
    node.put("DEAI_KEYSTORE_FILE", "/srv/deai/keystore.json");
    node.put("AWS_SECRET_ACCESS_KEY", "secret");
    node.put("HOME", "/home/operator");
    Path report = scratch.resolve("env.txt");
    ProcessExecutor executor =
        executor(script("env > " + report + "\n" + output("1")), limits(5_000), node, null);

    assertThat(run(executor, "script")).isEqualTo("[1.0]");

    Map<String, String> seen =
        Files.readAllLines(report).stream()
            .filter(line -> line.contains("="))
            .collect(
                Collectors.toMap(
                    line -> line.substring(0, line.indexOf('=')),
                    line -> line.substring(line.indexOf('=') + 1),
                    (a, b) -> b));
    assertThat(seen.keySet())
        .doesNotContain("DEAI_PASSPHRASE", "DEAI_KEYSTORE_FILE", "AWS_SECRET_ACCESS_KEY")
        .isSubsetOf(Set.of("PATH", "LANG", "HOME", "TMPDIR", "PWD", "SHLVL", "_", "OLDPWD"));
    assertThat(seen).containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin");
    assertThat(seen).containsEntry("LANG", "C.UTF-8");
    assertThat(seen.get("HOME")).isEqualTo(seen.get("PWD"));
  }

  @Test
  void runsTheCommandInAFreshDirectoryThatIsDeletedAfterwards() throws IOException {
    Path pwd = scratch.resolve("pwd.txt");
    Path count = scratch.resolve("count.txt");
    ProcessExecutor executor =
        executor(
            script(
                "pwd > "
                    + pwd
                    + "\nls -A | wc -l > "
                    + count
                    + "\ntouch left-behind\n"
                    + output("1")),
            limits(5_000),
            Map.of("PATH", "/usr/bin:/bin"),
            null);

    assertThat(run(executor, "script")).isEqualTo("[1.0]");

    Path workDir = Path.of(Files.readString(pwd).strip());
    assertThat(workDir).isNotEqualTo(Path.of(System.getProperty("user.dir")));
    assertThat(Files.readString(count).strip()).as("entries in the fresh directory").isEqualTo("0");
    assertThat(workDir).doesNotExist();
  }

  @ParameterizedTest(name = "sandboxed={0}")
  @ValueSource(booleans = {false, true})
  void killsTheWholeProcessTreeOnTimeout(boolean sandboxed) throws Exception {
    @Nullable Sandbox sandbox = sandboxed ? requireSandbox() : null;
    ProcessExecutor executor =
        executor(
            script(marker + " &\nwait\n"), limits(1_000), Map.of("PATH", "/usr/bin:/bin"), sandbox);

    CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> run(executor, "script"));
    awaitProcesses(marker, true);

    assertThat(result.get(10, TimeUnit.SECONDS))
        .isEqualTo("execution-timeout: process ran longer than PT1S");
    awaitProcesses(marker, false);
  }

  @Test
  void killsBackgroundChildrenWhenTheCommandExits() throws IOException {
    ProcessExecutor executor =
        executor(
            script(marker + " &\n" + output("1")),
            limits(5_000),
            Map.of("PATH", "/usr/bin:/bin"),
            null);

    assertThat(run(executor, "script")).isEqualTo("[1.0]");
    awaitProcesses(marker, false);
  }

  @Test
  void stopsACommandAsSoonAsItsOutputExceedsTheCap() throws IOException {
    Path pid = scratch.resolve("pid");
    ProcessExecutor executor =
        executor(
            script("echo $$ > " + pid + "\nwhile :; do echo 0123456789abcdef0123456789; done\n"),
            new ProcessExecutor.Limits(Duration.ofSeconds(10), MEMORY, 1 << 20),
            Map.of("PATH", "/usr/bin:/bin"),
            null);

    long start = System.nanoTime();
    String result = run(executor, "script");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result).isEqualTo("execution-failed: process wrote more than 1048576 bytes");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    long writer = Long.parseLong(Files.readString(pid).strip());
    assertThat(ProcessHandle.of(writer).filter(ProcessHandle::isAlive)).as("writer").isEmpty();
  }

  @Test
  void limitsTheCommandsAddressSpace() throws IOException {
    ProcessExecutor executor =
        executor(
            script("echo \"{\\\"output\\\":[$(ulimit -v)]}\"\n"),
            new ProcessExecutor.Limits(Duration.ofSeconds(5), 256L << 20, 1 << 20),
            Map.of("PATH", "/usr/bin:/bin"),
            null);

    assertThat(run(executor, "script")).isEqualTo("[262144.0]");
  }

  @ParameterizedTest(name = "sandboxed={0}")
  @ValueSource(booleans = {false, true})
  void passesFilesNamedRelativeToTheNodeDirectoryAsReadableAbsolutePaths(boolean sandboxed) {
    @Nullable Sandbox sandbox = sandboxed ? requireSandbox() : null;
    String check =
        "[ \"${0:0:1}\" = / ] && [ -r \"$0\" ] && grep -q '<artifactId>' \"$0\" && c=1 || c=0\n"
            + "echo \"{\\\"output\\\":[$c]}\"";
    ProcessExecutor executor =
        executor(
            List.of("/bin/bash", "-c", check, "pom.xml"),
            limits(5_000),
            Map.of("PATH", "/usr/bin:/bin"),
            sandbox);

    assertThat(Path.of("pom.xml")).isRegularFile();
    assertThat(run(executor, "script")).isEqualTo("[1.0]");
  }

  @ParameterizedTest(name = "sandboxed={0}")
  @ValueSource(booleans = {false, true})
  void passesTheModelAndInputsAsReadOnlyFiles(boolean sandboxed) throws IOException {
    Sandbox sandbox = sandboxed ? requireSandbox() : null;
    Path request = scratch.resolve("request.json");
    String body =
        (sandboxed ? "cat > /dev/null\n" : "cat > " + request + "\n")
            + "m=$(wc -c < \"$1\"); i=$(wc -c < \"$2\")\n"
            + "if echo x >> \"$1\"; then w=1; else w=0; fi\n"
            + "echo \"{\\\"output\\\":[$m, $i, $w]}\"\n";
    List<String> argv = new java.util.ArrayList<>(script(body));
    argv.addAll(List.of(ProcessExecutor.MODEL_ARGUMENT, ProcessExecutor.INPUTS_ARGUMENT));
    ProcessExecutor executor =
        executor(argv, limits(5_000), Map.of("PATH", "/usr/bin:/bin"), sandbox);
    byte[] model = new byte[1234];

    String seen =
        switch (executor.execute(spec("script"), model, INPUTS)) {
          case Outcome.Ok<float[]> ok -> Arrays.toString(ok.value());
          case Outcome.Rejected<float[]> r -> r.rejection().toString();
        };

    assertThat(seen).as("model and inputs sizes").startsWith("[1234.0, " + (float) INPUTS.length);
    if (sandboxed) {
      assertThat(seen).as("the model is read-only, even to root").endsWith(", 0.0]");
    }
    if (!sandboxed) {
      var files =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(request.toFile())
              .path("files");
      assertThat(files.path("model").asText()).endsWith("/model");
      assertThat(files.path("inputs").asText()).endsWith("/inputs.safetensors");
      assertThat(Path.of(files.path("model").asText()).getParent()).doesNotExist();
    }
    assertThat(run(executor, "script"))
        .isEqualTo("malformed-spec: process command 'script' needs a model");
  }

  @Test
  void sandboxedCommandCannotReadFilesOutsideItsWorkDirectory() throws IOException {
    Sandbox sandbox = requireSandbox();
    Path keystoreDir = Files.createTempDirectory("deai-keystore-");
    try {
      Path keystore = Files.writeString(keystoreDir.resolve("keystore.json"), "{\"secret\":1}");
      Path nodeFile = Path.of(System.getProperty("user.dir")).resolve("pom.xml");
      assertThat(nodeFile).isReadable();
      ProcessExecutor executor =
          executor(
              script(
                  readable("k", keystore)
                      + readable("n", nodeFile)
                      + "echo mine > own.txt && [ \"$(cat own.txt)\" = mine ] && w=1 || w=0\n"
                      + "echo \"{\\\"output\\\":[$k,$n,$w]}\"\n"),
              limits(5_000),
              Map.of("PATH", "/usr/bin:/bin"),
              sandbox);

      assertThat(run(executor, "script"))
          .as("keystore readable, node directory readable, work directory writable")
          .isEqualTo("[0.0, 0.0, 1.0]");
    } finally {
      Files.deleteIfExists(keystoreDir.resolve("keystore.json"));
      Files.deleteIfExists(keystoreDir);
    }
  }

  @Test
  void sandboxedCommandHasNoNetwork() throws IOException {
    Sandbox sandbox = requireSandbox();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ProcessExecutor executor =
          executor(
              script(
                  "if exec 3<>/dev/tcp/127.0.0.1/"
                      + server.getLocalPort()
                      + "; then c=1; else c=0; fi 2>/dev/null\n"
                      + "echo \"{\\\"output\\\":[$c]}\"\n"),
              limits(5_000),
              Map.of("PATH", "/usr/bin:/bin"),
              sandbox);

      assertThat(run(executor, "script")).as("connected to the node's loopback").isEqualTo("[0.0]");
    }
  }

  private static Sandbox requireSandbox() {
    return Sandbox.detect(System.getenv())
        .orElseGet(
            () -> {
              assumeTrue(false, NO_SANDBOX);
              throw new AssertionError(NO_SANDBOX);
            });
  }

  private static String readable(String variable, Path file) {
    return "if cat "
        + file
        + " > /dev/null 2>&1; then "
        + variable
        + "=1; else "
        + variable
        + "=0; fi\n";
  }

  private static String output(String values) {
    return "echo '{\"output\":[" + values + "]}'\n";
  }

  private static ProcessExecutor.Limits limits(long millis) {
    return new ProcessExecutor.Limits(Duration.ofMillis(millis), MEMORY, 1 << 20);
  }

  private List<String> script(String body) throws IOException {
    Path file = scratch.resolve("command-" + System.nanoTime() + ".sh");
    Files.writeString(file, "#!/bin/bash\n" + body, StandardCharsets.UTF_8);
    return List.of("/bin/bash", file.toString());
  }

  private static ProcessExecutor executor(
      List<String> argv,
      ProcessExecutor.Limits limits,
      Map<String, String> environment,
      @Nullable Sandbox sandbox) {
    return new ProcessExecutor(Map.of("script", argv), limits, environment, sandbox);
  }

  private static TaskSpec spec(String command) {
    return new TaskSpec(
        "process",
        new ArtifactRef(Bytes32.ZERO, INPUTS.length, "http://127.0.0.1:1/artifacts/x"),
        null,
        JsonNodeFactory.instance.objectNode().put("command", command),
        1);
  }

  private static String run(ProcessExecutor executor, String command) {
    return switch (executor.execute(spec(command), null, INPUTS)) {
      case Outcome.Ok<float[]> ok -> Arrays.toString(ok.value());
      case Outcome.Rejected<float[]> r -> r.rejection().toString();
    };
  }

  private static List<ProcessHandle> processesWith(String commandLine) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(commandLine))
        .toList();
  }

  /** Waits up to 5 s for a process running {@code commandLine} to appear or to be gone. */
  private static void awaitProcesses(String commandLine, boolean present) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (processesWith(commandLine).isEmpty() == present && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    List<ProcessHandle> running = processesWith(commandLine);
    if (present) {
      assertThat(running).as("processes running '%s'", commandLine).isNotEmpty();
    } else {
      assertThat(running).as("processes running '%s'", commandLine).isEmpty();
    }
  }
}
