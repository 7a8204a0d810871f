package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example configuration in {@code packaging/node.toml}, loaded through the real loader as its
 * header tells an operator to use it (copied to a directory with the keystore and passphrase next
 * to it): no unknown key, every path resolves to the files beside it, and every key the node knows
 * is shown.
 */
class PackagedNodeConfigTest {
  static final Path EXAMPLE = Path.of("..", "packaging", "node.toml");
  private static final Pattern KEY = Pattern.compile("(?m)^#?\\s*(?:([a-z_]+)\\s*=|\\[([a-z_]+)])");

  @TempDir Path dir;

  @Test
  void loadsAsWrittenWithItsPathsBesideIt() throws Exception {
    Path config = Files.copy(EXAMPLE, dir.resolve("node.toml"));
    Files.createDirectories(dir.resolve("keystore"));
    Files.writeString(dir.resolve("keystore/node.json"), "{}");
    Files.writeString(dir.resolve("passphrase.txt"), "a passphrase\n");

    NodeConfig loaded = NodeConfig.load(config, Map.of());

    assertThat(loaded.keystoreFile()).isEqualTo(dir.resolve("keystore/node.json")).isRegularFile();
    assertThat(loaded.passphraseFile()).isEqualTo(dir.resolve("passphrase.txt")).isRegularFile();
    assertThat(loaded.dataDir()).isEqualTo(dir.resolve("data"));
    assertThat(loaded.chainId()).isEqualTo(31337);
    assertThat(loaded.contract()).isEqualTo("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    assertThat(loaded.registeredEndpoint()).isEqualTo("http://127.0.0.1:8081");
  }

  @Test
  void showsEveryKeyTheNodeKnowsAndNoOther() throws Exception {
    Set<String> shown = new TreeSet<>();
    Matcher keys = KEY.matcher(Files.readString(EXAMPLE));
    while (keys.find()) {
      shown.add(keys.group(1) != null ? keys.group(1) : keys.group(2));
    }
    shown.removeAll(Set.of("time_limit_ms", "memory_limit_mib", "echo_model"));

    assertThat(shown).containsExactlyInAnyOrderElementsOf(NodeConfig.KEYS);
  }

  @Test
  void resolvesRelativePathsInTheFileFromItsDirectoryAndFromTheEnvironmentAsGiven()
      throws Exception {
    Path sub = Files.createDirectories(dir.resolve("conf"));
    Path config =
        Files.writeString(
            sub.resolve("node.toml"),
            """
            chain_id = 1
            contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
            keystore_file = "keys/k.json"
            data_dir = "/var/lib/deai"
            http_port = 0
            """);

    NodeConfig fromFile = NodeConfig.load(config, Map.of());
    NodeConfig fromEnv =
        NodeConfig.load(config, Map.of("DEAI_KEYSTORE_FILE", "k.json", "DEAI_DATA_DIR", "d"));

    assertThat(fromFile.keystoreFile()).isEqualTo(sub.toAbsolutePath().resolve("keys/k.json"));
    assertThat(fromFile.dataDir()).isEqualTo(Path.of("/var/lib/deai"));
    assertThat(fromFile.registeredEndpoint()).isEmpty();
    assertThat(fromEnv.keystoreFile()).isEqualTo(Path.of("k.json"));
    assertThat(fromEnv.dataDir()).isEqualTo(Path.of("d"));
  }

  @Test
  void registersThePublicUrlWhenOneIsSet() {
    Map<String, String> env =
        Map.of(
            "DEAI_CHAIN_ID", "1",
            "DEAI_CONTRACT", "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            "DEAI_KEYSTORE_FILE", "k",
            "DEAI_PUBLIC_URL", "https://node-1.example.org");

    assertThat(NodeConfig.load(null, env).registeredEndpoint())
        .isEqualTo("https://node-1.example.org");
  }
}
