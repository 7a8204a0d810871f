package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {
  @TempDir Path dir;

  @Test
  void aSecondHolderInTheSameProcessIsRefusedUntilTheFirstCloses() {
    DataDirectoryLock first = DataDirectoryLock.acquire(dir);
    assertThatThrownBy(() -> DataDirectoryLock.acquire(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already in use by this process");
    first.close();
    DataDirectoryLock.acquire(dir).close();
  }

  @Test
  void aSharedLockStaysHeldUntilItsLastHolderCloses() {
    DataDirectoryLock first = DataDirectoryLock.acquire(dir, true);
    DataDirectoryLock second = DataDirectoryLock.acquire(dir, true);
    first.close();
    first.close();
    assertThatThrownBy(() -> DataDirectoryLock.acquire(dir))
        .isInstanceOf(IllegalStateException.class);
    second.close();
    DataDirectoryLock.acquire(dir).close();
    assertThat(dir.resolve("lock")).exists();
  }
}
