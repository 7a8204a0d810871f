package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client commands keep their per-key state under a data directory chosen the same way for every
 * command: --data-dir, else $DEAI_DATA_DIR, else ~/.deai/data; never in the working directory,
 * except a directory an earlier version left there, which is used with a note.
 */
class ClientDataDirTest {
  @TempDir Path home;
  @TempDir Path cwd;

  @Test
  void defaultsToADirectoryInTheHomeNotTheWorkingDirectory() {
    ClientDataDir chosen = ClientDataDir.choose(null, Map.of(), home, cwd, "requester-data");

    assertThat(chosen.path()).isEqualTo(home.resolve(".deai").resolve("data"));
    assertThat(chosen.note()).isNull();
  }

  @Test
  void anExplicitDirectoryWinsOverTheEnvironmentWhichWinsOverTheDefault() {
    Map<String, String> env = Map.of("DEAI_DATA_DIR", "/srv/deai");

    assertThat(ClientDataDir.choose(Path.of("mine"), env, home, cwd, "requester-data").path())
        .isEqualTo(Path.of("mine"));
    assertThat(ClientDataDir.choose(null, env, home, cwd, "requester-data").path())
        .isEqualTo(Path.of("/srv/deai"));
  }

  @Test
  void keepsUsingADirectoryAnEarlierVersionLeftInTheWorkingDirectoryAndSaysSo() throws Exception {
    Files.createDirectories(cwd.resolve("requester-data"));

    ClientDataDir chosen = ClientDataDir.choose(null, Map.of(), home, cwd, "requester-data");

    assertThat(chosen.path()).isEqualTo(cwd.resolve("requester-data"));
    assertThat(chosen.note())
        .isEqualTo(
            "using "
                + cwd.resolve("requester-data")
                + " left in the working directory by an earlier version; move it to "
                + home.resolve(".deai").resolve("data")
                + " or pass --data-dir to stop this note");
  }
}
