package network.deai.verifier.domain.consensus;

import java.util.List;
import network.deai.contracts.abi.Bytes32;

/** The outcome of the consensus rule. */
public sealed interface Verdict {
  /**
   * An agreeing group of at least quorum replicas.
   *
   * @param representative the replica with the most agreeing peers (lowest index on ties)
   * @param group replica indices of the group, sorted
   * @param fingerprint the representative's fingerprint
   */
  record Agreed(int representative, List<Integer> group, Bytes32 fingerprint) implements Verdict {
    /** Copies the group. */
    public Agreed {
      group = List.copyOf(group);
    }
  }

  /** No group reached the quorum, or the largest one was rivalled by another of its size. */
  record NoConsensus() implements Verdict {}
}
