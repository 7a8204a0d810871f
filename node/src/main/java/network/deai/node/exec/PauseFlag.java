package network.deai.node.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's pause: while the flag file exists the worker drains (abstains from new tasks and
 * finishes those it holds). Logs each change once. Read by the chain loop only.
 */
final class PauseFlag {
  private static final Logger LOG = LoggerFactory.getLogger(PauseFlag.class);

  private final @Nullable Path flag;
  private boolean paused;

  PauseFlag(@Nullable Path flag) {
    this.flag = flag;
  }

  /** Whether the worker is paused now; {@code atStake} counts the open tasks for the log. */
  boolean check(IntSupplier atStake) {
    boolean now = flag != null && Files.exists(flag);
    if (now != paused) {
      paused = now;
      if (now) {
        LOG.info(
            "paused ({} exists): abstaining from new tasks, finishing {} open; selection still"
                + " picks this node, deai node exit stops that",
            flag,
            atStake.getAsInt());
      } else {
        LOG.info("resumed: taking new tasks");
      }
    }
    return now;
  }
}
