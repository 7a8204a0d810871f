package network.deai.verifier.domain.fingerprint;

import network.deai.contracts.abi.Bytes32;

/** Hamming distance of 256-bit fingerprints, word-parallel as the contract's popcount. */
public final class Hamming {
  private Hamming() {}

  /** Number of differing bits (0..256), from four 64-bit popcounts of the XOR. */
  public static int distance(Bytes32 a, Bytes32 b) {
    int d = 0;
    for (int w = 0; w < 4; w++) {
      d += Long.bitCount(a.word(w) ^ b.word(w));
    }
    return d;
  }

  /** SIMILAR agreement: {@code distance(a, b) <= maxDistance}. */
  public static boolean agree(Bytes32 a, Bytes32 b, int maxDistance) {
    return distance(a, b) <= maxDistance;
  }
}
