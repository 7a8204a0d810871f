package network.deai.node.exec;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import network.deai.contracts.abi.Address;
import network.deai.node.chain.TaskChain;
import network.deai.node.domain.Node;
import network.deai.node.domain.TaskLedger;
import network.deai.node.journal.Journal;
import org.jspecify.annotations.Nullable;

/**
 * The worker's view of itself for {@code /status} and {@code /health}: its registry entry (stake,
 * status), read again every few blocks, the count of journalled tasks per stage, and the snapshot
 * the chain loop publishes after each tick.
 */
final class WorkerStatus {
  /** Blocks between two reads of the node's registry entry. */
  private static final long NODE_REFRESH_BLOCKS = 10;

  private final TaskChain client;
  private final Journal journal;
  private final Address me;
  private final AtomicReference<WorkerService.Snapshot> snapshot;
  private volatile @Nullable Node node;
  private volatile String stakeWei = "?";
  private volatile String nodeStatus = "?";
  private long refreshedBlock = -100;
  private volatile Map<TaskLedger.Stage, Integer> stages = new EnumMap<>(TaskLedger.Stage.class);

  WorkerStatus(TaskChain client, Journal journal, Address me) {
    this.client = client;
    this.journal = journal;
    this.me = me;
    this.snapshot =
        new AtomicReference<>(
            new WorkerService.Snapshot(
                me.hex(),
                -1,
                -1,
                0,
                new EnumMap<>(TaskLedger.Stage.class),
                0,
                "?",
                "?",
                null,
                false,
                0));
  }

  /** The node's registry entry as last read; null before the first read. */
  @Nullable Node node() {
    return node;
  }

  /** Reads the node's registry entry now. */
  Node readNode() {
    Node info = client.node(me.hex());
    node = info;
    return info;
  }

  /** Once per block: reads the registry entry every few blocks, and counts the journal's stages. */
  void onBlock(long block) {
    if (block >= refreshedBlock + NODE_REFRESH_BLOCKS) {
      Node info = readNode();
      stakeWei = info.stake().toString();
      nodeStatus = info.status().solidityName();
      refreshedBlock = block;
    }
    // Once per block, not per poll: the ledger holds every task the node ever served.
    Map<TaskLedger.Stage, Integer> counts = new EnumMap<>(TaskLedger.Stage.class);
    journal.ledger().stages().forEach((id, stage) -> counts.merge(stage, 1, Integer::sum));
    stages = counts;
  }

  /** Publishes a snapshot; {@code error} is the chain loop's last error, null after a good tick. */
  void publish(
      long block,
      long checkpoint,
      int openTasks,
      @Nullable String error,
      boolean draining,
      int atStake,
      List<OperatorRequest.Outcome> operatorRequests) {
    snapshot.set(
        new WorkerService.Snapshot(
            me.hex(),
            block,
            checkpoint,
            System.currentTimeMillis(),
            stages,
            openTasks,
            stakeWei,
            nodeStatus,
            error,
            draining,
            atStake,
            operatorRequests));
  }

  /** The latest snapshot. */
  WorkerService.Snapshot snapshot() {
    return Objects.requireNonNull(snapshot.get());
  }
}
