package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
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

  @Test
  void collectsBlobsUnusedForTheRetentionTimeButKeepsPinnedAndRecentlyReadOnes() {
    StubClock clock = new StubClock();
    ArtifactStore store =
        new ArtifactStore(
            dir.resolve("store"), new ArtifactStore.Limits(1 << 20, Duration.ofHours(24)), clock);
    Bytes32 stale = store.put(new byte[] {1});
    Bytes32 pinned = store.put(new byte[] {2});
    Bytes32 read = store.put(new byte[] {3});
    store.pin(pinned);
    clock.advance(Duration.ofHours(23));
    assertThat(store.get(read)).isPresent();
    clock.advance(Duration.ofHours(2));

    assertThat(store.sweep()).isEqualTo(1);

    assertThat(store.get(stale)).isEmpty();
    assertThat(store.get(pinned)).isPresent();
    assertThat(store.get(read)).isPresent();
    assertThat(store.usedBytes()).isEqualTo(2);
    store.unpin(pinned);
    clock.advance(Duration.ofHours(25));
    assertThat(store.sweep()).isEqualTo(2);
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void reservesUploadsWithinTheQuotaOnly() {
    ArtifactStore store =
        new ArtifactStore(
            dir.resolve("store"),
            new ArtifactStore.Limits(100, Duration.ofHours(1)),
            java.time.InstantSource.system());
    store.put(new byte[60]);

    assertThat(store.reserve(41)).isFalse();
    assertThat(store.reserve(40)).isTrue();
    assertThat(store.usedBytes()).isEqualTo(100);
  }

  /** A clock that moves only when told. */
  private static final class StubClock implements InstantSource {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
