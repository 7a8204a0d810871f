package network.deai.contracts.abi;

import java.util.HexFormat;
import java.util.Locale;

/** A 20-byte account or contract address, kept in lower-case hex with a {@code 0x} prefix. */
public record Address(String hex) {
  /** Checks the form: {@code 0x} followed by 40 hex digits. */
  public Address {
    if (!hex.matches("0[xX][0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException("not an address (0x + 40 hex digits): " + hex);
    }
    hex = hex.toLowerCase(Locale.ROOT);
  }

  /** Parses an address. */
  public static Address of(String hex) {
    return new Address(hex);
  }

  /** The address as a left-zero-padded 32-byte ABI word. */
  public byte[] toWord() {
    byte[] out = new byte[Bytes32.SIZE];
    byte[] raw = HexFormat.of().parseHex(hex.substring(2));
    System.arraycopy(raw, 0, out, Bytes32.SIZE - raw.length, raw.length);
    return out;
  }

  @Override
  public String toString() {
    return hex;
  }
}
