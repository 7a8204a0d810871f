package network.deai.verifier.domain.fingerprint;

import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;

/** EXACT mode: the fingerprint is the SHA-256 of the canonical result bytes (= resultDigest). */
public final class ExactFingerprint {
  private ExactFingerprint() {}

  /** SHA-256 of {@code canonicalResult}. */
  public static Bytes32 of(byte[] canonicalResult) {
    return Hashes.sha256(canonicalResult);
  }
}
