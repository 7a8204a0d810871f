package network.deai.node.explorer;

import network.deai.node.chain.ChainEvent;
import network.deai.node.chain.TaskManagerClient;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Brings a {@link ChainIndex} up to the chain's head with {@code eth_getLogs} over bounded block
 * ranges ({@link TaskManagerClient#LOG_RANGE}), from the block after the last one indexed.
 * Blocking: call it from a worker thread, one call at a time.
 */
public final class ChainFollower {
  private final TaskManagerClient client;
  private final ChainIndex index;
  private final long firstBlock;

  /** Follows {@code client}'s contract into {@code index} from {@code firstBlock}. */
  public ChainFollower(TaskManagerClient client, ChainIndex index, long firstBlock) {
    this.client = client;
    this.index = index;
    this.firstBlock = firstBlock;
  }

  /** Indexes every block up to the head; returns the head (the index's new block). */
  public long poll() {
    long head = client.blockNumber();
    long from = Math.max(firstBlock, index.block() + 1);
    while (from <= head) {
      long to = Math.min(head, from + TaskManagerClient.LOG_RANGE - 1);
      for (Log log : client.logs(from, to)) {
        @Nullable ChainEvent event = ChainEvent.of(log);
        if (event != null) {
          index.add(event);
        }
      }
      index.indexedThrough(to);
      from = to + 1;
    }
    index.indexedThrough(head);
    return head;
  }
}
