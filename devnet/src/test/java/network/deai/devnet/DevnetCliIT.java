package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import network.deai.contracts.anvil.Anvil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deai devnet} as a user runs it: a failure is one line on stderr, never a stack trace. */
class DevnetCliIT {
  /** Anvil's first development key; funded on every anvil, meaningless anywhere else. */
  private static final String DEV_KEY =
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  @TempDir Path dir;

  private record Run(int status, String stdout, String stderr) {}

  @Test
  void anUnreachableChainEndsInOneLineAndANonZeroStatus() throws Exception {
    Run run = devnet("http://127.0.0.1:1", DEV_KEY);

    assertThat(run.status()).isNotZero();
    assertThat(run.stderr().strip().lines().toList())
        .singleElement()
        .satisfies(line -> assertThat(line).startsWith("deai devnet: cannot reach the chain at"));
    assertNoStackTrace(run);
  }

  @Test
  void aChainThatMinesABlockPerTransactionIsRefusedInOneLine() throws Exception {
    try (Anvil automine = Anvil.start(2, 31337, 0)) {
      Run run = devnet(automine.rpcUrl(), automine.privateKeys().get(0));

      assertThat(run.status()).isNotZero();
      List<String> errors = run.stderr().strip().lines().toList();
      assertThat(errors.get(errors.size() - 1))
          .startsWith("deai devnet: the chain at " + automine.rpcUrl())
          .contains("mines a block per transaction")
          .contains("--block-time");
      assertNoStackTrace(run);
    }
  }

  private static void assertNoStackTrace(Run run) {
    for (String output : List.of(run.stdout(), run.stderr())) {
      assertThat(output).doesNotContain("Exception").doesNotContain("at network.");
    }
  }

  private Run devnet(String rpcUrl, String key) throws IOException, InterruptedException {
    Path keyFile = dir.resolve("funder.key");
    Files.writeString(keyFile, key, StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(DevnetMain.class.getName());
    command.addAll(
        List.of(
            "devnet",
            "--rpc-url",
            rpcUrl,
            "--private-key-file",
            keyFile.toString(),
            "--workers",
            "3",
            "--adversaries",
            "none",
            "--tasks",
            "1",
            "--work-dir",
            dir.resolve("work").toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("DEAI_DEBUG");
    builder.redirectOutput(dir.resolve("stdout").toFile());
    builder.redirectError(dir.resolve("stderr").toFile());
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("deai devnet did not end within 120 s");
    }
    return new Run(
        process.exitValue(),
        Files.readString(dir.resolve("stdout")),
        Files.readString(dir.resolve("stderr")));
  }
}
