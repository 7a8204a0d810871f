package network.deai.node.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.TaskSeed;

/**
 * {@code NodeRegistry._pickAvailable} replayed off chain, so that an auditor can check who a seed
 * picks: a partial Fisher–Yates shuffle of the available set, draw {@code k} taking position {@code
 * keccak256(abi.encode(seed, k)) mod left} and moving the last entry into its place; a node whose
 * declaration does not meet the requirements is skipped (at most {@link #MAX_SKIPS} times). The
 * result is empty where the contract would pick nobody.
 */
public final class SelectionDraw {
  /** {@code NodeRegistry.MAX_SKIPS}. */
  public static final int MAX_SKIPS = 16;

  private SelectionDraw() {}

  /** An entry of the available set, with the declaration selection reads. */
  public record Candidate(String address, long vramMiB, int executors, BigInteger minFee) {}

  /** What the work asks of a node ({@code NodeRegistry.Requirements}). */
  public record Requirements(long vramMiB, int executors, BigInteger feePerReplica) {}

  /** The addresses {@code seed} draws from {@code set}, in order; empty when the draw fails. */
  public static List<String> draw(
      List<Candidate> set, int count, Bytes32 seed, Requirements requirements) {
    if (set.size() < count) {
      return List.of();
    }
    List<Candidate> entries = new ArrayList<>(set);
    List<String> picked = new ArrayList<>();
    int skips = 0;
    int left = entries.size();
    while (picked.size() < count && left > 0 && skips < MAX_SKIPS) {
      BigInteger hash =
          new BigInteger(
              1, TaskSeed.compute(seed, BigInteger.valueOf(picked.size() + skips)).toArray());
      int index = hash.mod(BigInteger.valueOf(left)).intValueExact();
      Candidate candidate = entries.get(index);
      left--;
      entries.set(index, entries.get(left));
      if (candidate.vramMiB() < requirements.vramMiB()
          || (candidate.executors() & requirements.executors()) != requirements.executors()
          || candidate.minFee().compareTo(requirements.feePerReplica()) > 0) {
        skips++;
        continue;
      }
      picked.add(candidate.address());
    }
    return picked.size() < count ? List.of() : List.copyOf(picked);
  }
}
