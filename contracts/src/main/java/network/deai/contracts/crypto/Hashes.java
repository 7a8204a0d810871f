package network.deai.contracts.crypto;

import network.deai.contracts.abi.Bytes32;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;

/** SHA-256 and Keccak-256 (Ethereum's, not SHA3-256) over byte arrays, via Bouncy Castle. */
public final class Hashes {
  private Hashes() {}

  /** SHA-256 of {@code data}. */
  public static Bytes32 sha256(byte[] data) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(data, 0, data.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return Bytes32.wrap(out);
  }

  /** Keccak-256 of {@code data}, as Solidity's {@code keccak256}. */
  public static Bytes32 keccak256(byte[] data) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(data, 0, data.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return Bytes32.wrap(out);
  }
}
