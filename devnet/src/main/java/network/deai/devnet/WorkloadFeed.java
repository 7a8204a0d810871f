package network.deai.devnet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.requester.Requester;
import org.jspecify.annotations.Nullable;

/**
 * Submits a phase's workload in order, a few tasks at a time, recording each task's id in the
 * phase's ledger: the {@link Monitor} asks for more whenever fewer than {@link #inFlight()} tasks
 * are open.
 */
final class WorkloadFeed implements Monitor.Feed {
  private final Requester requester;
  private final List<Requester.Request> requests;
  private final PhaseLedger ledger;
  private final int inFlight;
  private final @Nullable Restaker restaker;
  private final SpotChecker spotChecker;
  private final List<BigInteger> ids = new ArrayList<>();

  /**
   * Feeds {@code requests} with at most {@code inFlight} open at once; on each new block, re-stakes
   * the cheaters and lets {@code spotChecker} look at the tasks submitted so far.
   */
  WorkloadFeed(
      Requester requester,
      List<Requester.Request> requests,
      PhaseLedger ledger,
      int inFlight,
      @Nullable Restaker restaker,
      SpotChecker spotChecker) {
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight must be at least 1");
    }
    this.requester = requester;
    this.requests = List.copyOf(requests);
    this.ledger = ledger;
    this.inFlight = inFlight;
    this.restaker = restaker;
    this.spotChecker = spotChecker;
  }

  @Override
  public List<BigInteger> submit(int room) {
    int from = ids.size();
    int to = Math.min(requests.size(), from + Math.max(0, room));
    if (from >= to) {
      return List.of();
    }
    List<BigInteger> submitted =
        requester.submitAll(requests.subList(from, to)).stream()
            .map(Requester.Submission::taskId)
            .toList();
    for (int i = 0; i < submitted.size(); i++) {
      Bytes32 spec = requests.get(from + i).specDigest();
      ledger.assign(spec, submitted.get(i));
    }
    ids.addAll(submitted);
    return submitted;
  }

  @Override
  public int left() {
    return requests.size() - ids.size();
  }

  @Override
  public int inFlight() {
    return inFlight;
  }

  @Override
  public void onBlock(long block) {
    if (restaker != null) {
      restaker.onBlock(block);
    }
    spotChecker.onBlock(block, ids);
  }

  /** The ids submitted so far, in workload order. */
  List<BigInteger> ids() {
    return List.copyOf(ids);
  }
}
