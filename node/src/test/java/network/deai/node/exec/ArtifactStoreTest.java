package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
  @TempDir Path dir;

  @Test
  void namesBlobsByTheirDigestAndNeverByUntrustedText() throws Exception {
    ArtifactStore store = new ArtifactStore(dir.resolve("store"));
    byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
    Bytes32 digest = store.put(bytes);

    assertThat(digest).isEqualTo(Hashes.sha256(bytes));
    assertThat(store.get(digest)).hasValue(bytes);
    assertThat(store.file(ArtifactStore.hex(digest))).isPresent();
    Files.writeString(dir.resolve("secret"), "x");
    assertThat(store.file("../secret")).isEmpty();
    assertThat(store.file("..%2Fsecret")).isEmpty();
    assertThat(store.file(ArtifactStore.hex(digest).toUpperCase(java.util.Locale.ROOT))).isEmpty();
    assertThat(store.file("0".repeat(64))).isEmpty();
  }
}
