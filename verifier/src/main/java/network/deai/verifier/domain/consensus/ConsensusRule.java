package network.deai.verifier.domain.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import network.deai.verifier.domain.fingerprint.Hamming;

/**
 * The verdict rule exactly as TaskManager's {@code Verdicts.best}: for every revealed replica count
 * the revealed peers that agree with it; the replica with the most (lowest index on ties) and its
 * agreeing peers form the group, which is the verdict if it has at least {@code quorum} members and
 * is not rivalled: a later replica whose group has the same size but other members would make the
 * verdict hang on replica order, so the task then has no consensus. A strictly larger group found
 * later wins and clears the rivalry.
 */
public final class ConsensusRule {
  private ConsensusRule() {}

  /** The contract's default quorum: a majority of {@code replicas}. */
  public static int defaultQuorum(int replicas) {
    return replicas / 2 + 1;
  }

  /**
   * Applies the rule.
   *
   * @param revealed fingerprint of replica i at index i; empty where it did not reveal
   */
  public static Verdict verdict(
      List<Optional<Bytes32>> revealed, Mode mode, int maxDistance, int quorum) {
    if (quorum < 1 || quorum > revealed.size()) {
      throw new IllegalArgumentException(
          "quorum must be in 1.." + revealed.size() + ", got " + quorum);
    }
    int bestIndex = -1;
    List<Integer> bestGroup = List.of();
    boolean rivalled = false;
    for (int i = 0; i < revealed.size(); i++) {
      Optional<Bytes32> mine = revealed.get(i);
      if (mine.isEmpty()) {
        continue;
      }
      List<Integer> group = group(revealed, i, mine.get(), mode, maxDistance);
      if (group.size() > bestGroup.size()) {
        bestIndex = i;
        bestGroup = group;
        rivalled = false;
      } else if (group.size() == bestGroup.size() && !group.equals(bestGroup)) {
        rivalled = true;
      }
    }
    if (bestIndex < 0 || bestGroup.size() < quorum || rivalled) {
      return new Verdict.NoConsensus();
    }
    return new Verdict.Agreed(bestIndex, bestGroup, revealed.get(bestIndex).orElseThrow());
  }

  /**
   * The verdict of an escalated task, as TaskManager settles it: the seats from {@code
   * firstDeciding} on (the escalation's fresh replicas) decide with a strict majority of their own
   * number, and the earlier seats whose fingerprint agrees with the verdict's join its group.
   *
   * @param revealed fingerprint of seat i at index i (first round, then escalation seats)
   */
  public static Verdict escalatedVerdict(
      List<Optional<Bytes32>> revealed, int firstDeciding, Mode mode, int maxDistance) {
    if (firstDeciding < 1 || firstDeciding >= revealed.size()) {
      throw new IllegalArgumentException(
          "the escalation's first seat must be in 1.." + (revealed.size() - 1));
    }
    List<Optional<Bytes32>> deciding = new ArrayList<>(revealed);
    for (int i = 0; i < firstDeciding; i++) {
      deciding.set(i, Optional.empty());
    }
    int quorum = defaultQuorum(revealed.size() - firstDeciding);
    Verdict verdict = verdict(deciding, mode, maxDistance, quorum);
    if (!(verdict instanceof Verdict.Agreed agreed)) {
      return verdict;
    }
    List<Integer> group = new ArrayList<>();
    for (int i = 0; i < firstDeciding; i++) {
      Optional<Bytes32> mine = revealed.get(i);
      if (mine.isPresent() && agree(mine.get(), agreed.fingerprint(), mode, maxDistance)) {
        group.add(i);
      }
    }
    group.addAll(agreed.group());
    return new Verdict.Agreed(agreed.representative(), group, agreed.fingerprint());
  }

  /** Replica {@code i} and the revealed peers that agree with it, in index order. */
  private static List<Integer> group(
      List<Optional<Bytes32>> revealed, int i, Bytes32 mine, Mode mode, int maxDistance) {
    List<Integer> group = new ArrayList<>();
    for (int j = 0; j < revealed.size(); j++) {
      Optional<Bytes32> theirs = revealed.get(j);
      if (j == i || (theirs.isPresent() && agree(mine, theirs.get(), mode, maxDistance))) {
        group.add(j);
      }
    }
    return group;
  }

  private static boolean agree(Bytes32 a, Bytes32 b, Mode mode, int maxDistance) {
    return switch (mode) {
      case EXACT -> a.equals(b);
      case SIMILAR -> Hamming.agree(a, b, maxDistance);
    };
  }
}
