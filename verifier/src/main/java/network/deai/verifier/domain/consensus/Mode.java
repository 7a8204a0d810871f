package network.deai.verifier.domain.consensus;

/** How replicas' fingerprints are compared (the contract's {@code Mode}). */
public enum Mode {
  /** Agree iff fingerprints are equal. */
  EXACT,
  /** Agree iff the Hamming distance is at most {@code maxDistance}. */
  SIMILAR
}
