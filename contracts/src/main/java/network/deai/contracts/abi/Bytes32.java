package network.deai.contracts.abi;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte word as it appears on chain ({@code bytes32}): digests, fingerprints, salts and
 * commitments. Immutable; the array is copied in and out.
 */
public final class Bytes32 implements Comparable<Bytes32> {
  /** Number of bytes in a word. */
  public static final int SIZE = 32;

  /** The all-zero word. */
  public static final Bytes32 ZERO = new Bytes32(new byte[SIZE]);

  private final byte[] bytes;

  private Bytes32(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of exactly 32 bytes. */
  public static Bytes32 wrap(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("bytes32 needs 32 bytes, got " + bytes.length);
    }
    return new Bytes32(bytes.clone());
  }

  /** Parses 64 hex digits, with or without a {@code 0x} prefix. */
  public static Bytes32 fromHex(String hex) {
    String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (digits.length() != 2 * SIZE) {
      throw new IllegalArgumentException("bytes32 needs 64 hex digits, got " + digits.length());
    }
    return new Bytes32(HexFormat.of().parseHex(digits));
  }

  /** Builds a word from four big-endian 64-bit limbs, most significant first. */
  public static Bytes32 fromLongs(long w0, long w1, long w2, long w3) {
    byte[] out = new byte[SIZE];
    long[] words = {w0, w1, w2, w3};
    for (int i = 0; i < 4; i++) {
      for (int b = 0; b < 8; b++) {
        out[i * 8 + b] = (byte) (words[i] >>> (56 - 8 * b));
      }
    }
    return new Bytes32(out);
  }

  /** Returns the big-endian 64-bit limb {@code index} (0 = most significant). */
  public long word(int index) {
    long w = 0;
    for (int b = 0; b < 8; b++) {
      w = (w << 8) | (bytes[index * 8 + b] & 0xFFL);
    }
    return w;
  }

  /** A copy of the 32 bytes. */
  public byte[] toArray() {
    return bytes.clone();
  }

  /** Lower-case hex with a {@code 0x} prefix. */
  public String toHex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes32 that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Bytes32 other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
