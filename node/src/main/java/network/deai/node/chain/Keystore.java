package network.deai.node.chain;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;
import org.web3j.utils.Numeric;

/**
 * Web3 Secret Storage keystore files (scrypt-encrypted, the format geth and Besu read). Full scrypt
 * strength (N = 2^18) unless {@code light} is asked for, which only tests should do.
 */
public final class Keystore {
  private final Path directory;
  private final boolean light;

  /** A keystore in {@code directory}; {@code light} selects N = 2^12 instead of 2^18. */
  public Keystore(Path directory, boolean light) {
    this.directory = directory;
    this.light = light;
  }

  /** A stored key: its address and the file holding it. */
  public record StoredKey(String address, Path file) {}

  /** Generates a new key pair and writes it encrypted under {@code passphrase}. */
  public StoredKey create(String passphrase) {
    try {
      return write(passphrase, Keys.createEcKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no secure random source for a new key", e);
    }
  }

  /** Encrypts an existing private key (64 hex digits, with or without 0x). */
  public StoredKey importKey(String privateKeyHex, String passphrase) {
    String hex = privateKeyHex.strip();
    if (!hex.matches("(0x)?[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("a private key is 64 hex digits (optionally 0x-prefixed)");
    }
    return write(passphrase, ECKeyPair.create(Numeric.toBigInt(hex)));
  }

  /** Decrypts a keystore file; a wrong passphrase gives an IllegalArgumentException. */
  public static Credentials load(Path file, String passphrase) {
    try {
      return WalletUtils.loadCredentials(passphrase, file.toFile());
    } catch (CipherException e) {
      throw new IllegalArgumentException("cannot decrypt " + file + ": wrong passphrase?", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read keystore " + file, e);
    }
  }

  private StoredKey write(String passphrase, ECKeyPair pair) {
    if (passphrase.isEmpty()) {
      throw new IllegalArgumentException("refusing an empty passphrase");
    }
    try {
      Files.createDirectories(directory);
      File dir = directory.toFile();
      String name = WalletUtils.generateWalletFile(passphrase, pair, dir, !light);
      return new StoredKey("0x" + Keys.getAddress(pair.getPublicKey()), directory.resolve(name));
    } catch (CipherException e) {
      throw new IllegalStateException("encrypting the key failed", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to keystore " + directory, e);
    }
  }
}
