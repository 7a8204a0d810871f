package network.deai.devnet;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.Sampling;
import network.deai.node.domain.SamplingStage;
import network.deai.node.requester.Challenge;

/**
 * The requester as its own auditor: each unchecked sampled result it sees inside its challenge
 * window is challenged with probability {@code rateBps / 10000}, decided once per task by a hash of
 * the run's seed and the task id (so a run's choices repeat). A challenge of an honest result costs
 * the requester what the validators are paid (the bond comes back to it as the requester); one of a
 * cheat pays the bond back with a reward from the executor's slash.
 */
final class SpotChecker {
  private final TaskManagerClient client;
  private final TransactionSender sender;
  private final int rateBps;
  private final long seed;
  private final Set<BigInteger> decided = new HashSet<>();
  private int challenges;

  /** Challenges sampled tasks from {@code sender}'s key. */
  SpotChecker(TaskManagerClient client, TransactionSender sender, int rateBps, long seed) {
    this.client = client;
    this.sender = sender;
    this.rateBps = rateBps;
    this.seed = seed;
  }

  /**
   * Looks at each task once its check is decided; challenges the chosen unchecked ones while their
   * window is open.
   */
  void onBlock(long block, List<BigInteger> tasks) {
    if (rateBps == 0) {
      return;
    }
    for (BigInteger id : tasks) {
      if (decided.contains(id)) {
        continue;
      }
      Sampling sampling = client.sampling(id);
      SamplingStage stage = sampling.stage();
      if (stage == SamplingStage.NONE || stage == SamplingStage.EXECUTING) {
        continue; // its check is not decided yet
      }
      decided.add(id);
      if (stage == SamplingStage.UNCHECKED && block <= sampling.challengeDeadline() && chosen(id)) {
        try {
          Challenge.post(client, sender, id, line -> {});
          challenges++;
        } catch (RuntimeException e) {
          // the window closed or someone else challenged first: nothing to do
        }
      }
    }
  }

  /** Whether task {@code id} is spot-checked: a deterministic coin with bias rateBps / 10000. */
  boolean chosen(BigInteger id) {
    long mixed = mix(seed * 0x9e3779b97f4a7c15L ^ id.longValue());
    return Long.remainderUnsigned(mixed, 10_000) < rateBps;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Challenges posted so far. */
  int challenges() {
    return challenges;
  }
}
