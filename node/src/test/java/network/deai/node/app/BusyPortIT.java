package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import network.deai.node.chain.Keystore;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * {@code deai node run}, {@code deai explorer} and {@code deai chain start} on a port another
 * program listens on: each exits with status 2 and one line that names the address and port and the
 * setting to change, without a stack trace.
 */
@ExtendWith(LocalChainExtension.class)
class BusyPortIT {
  @TempDir Path dir;

  @Test
  void aBusyPortIsOneLineThatNamesThePortAndWhatToChange(LocalChain chain) throws Exception {
    TaskManagerDriver tm = TaskManagerDriver.deploy(chain);
    Credentials key = chain.account(3);
    tm.register(key);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      String at = "127.0.0.1:" + port;

      DeaiRun node = run("node", "run", "--config", config(chain, tm, key, port).toString());
      DeaiRun explorer =
          run(
              "explorer",
              "--rpc-url",
              chain.rpcUrl(),
              "--contract",
              tm.address(),
              "--port",
              Integer.toString(port));
      DeaiRun anvil =
          run(
              "chain",
              "start",
              "--port",
              Integer.toString(port),
              "--keys-dir",
              dir.resolve("keys").toString());

      assertOneLine(
          node, "deai: " + at + " is in use: set http_port to a free port (or 0 for any)");
      assertOneLine(explorer, "deai: " + at + " is in use: pass --port with a free port (or 0)");
      assertOneLine(
          anvil,
          "deai: "
              + at
              + " is in use (another chain?): stop it or pass --port with a free"
              + " port");
    }
  }

  private static void assertOneLine(DeaiRun run, String line) {
    assertThat(run.status()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(line + "\n");
  }

  /** Runs {@code deai args}, failing the test if it runs on for a minute instead of refusing. */
  private static DeaiRun run(String... args) {
    return Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(60), () -> DeaiRun.of(args), "did not stop on the busy port");
  }

  private Path config(LocalChain chain, TaskManagerDriver tm, Credentials key, int port)
      throws Exception {
    Path passphrase = Files.writeString(dir.resolve("passphrase"), "test passphrase");
    Path keystore =
        new Keystore(dir.resolve("keystore"), true)
            .importKey(
                Numeric.toHexStringNoPrefixZeroPadded(key.getEcKeyPair().getPrivateKey(), 64),
                "test passphrase")
            .file();
    return Files.writeString(
        dir.resolve("node.toml"),
        String.join(
            "\n",
            "rpc_url = \"" + chain.rpcUrl() + "\"",
            "chain_id = 31337",
            "contract = \"" + tm.address() + "\"",
            "keystore_file = \"" + keystore + "\"",
            "passphrase_file = \"" + passphrase + "\"",
            "data_dir = \"" + dir.resolve("data") + "\"",
            "http_port = " + port,
            ""));
  }
}
