package network.deai.node.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.web3j.crypto.Hash;

/**
 * A sender's signed, unsettled transactions, one file per nonce, each written atomically and
 * fsynced: {@code <nonce>.tx} holds the latest signed bytes, and {@code <nonce>.meta} the caller's
 * deadline block and the hashes of earlier signatures at that nonce (fee bumps), so that a mined
 * earlier signature still counts as ours.
 */
final class Outbox {
  /** No deadline. */
  static final long NO_DEADLINE = -1;

  private final Path dir;

  /** One nonce's transaction. */
  record Entry(
      BigInteger nonce, String raw, List<String> earlierHashes, long deadlineBlock, long modified) {
    Entry {
      earlierHashes = List.copyOf(earlierHashes);
    }

    String hash() {
      return Hash.sha3(raw);
    }

    /** Every hash signed at this nonce, the latest first. */
    List<String> hashes() {
      List<String> all = new ArrayList<>(List.of(hash()));
      earlierHashes.stream().filter(h -> !all.contains(h)).forEach(all::add);
      return all;
    }
  }

  Outbox(Path dir) {
    this.dir = dir;
  }

  /** The entries by nonce. */
  NavigableMap<BigInteger, Entry> read() throws IOException {
    NavigableMap<BigInteger, Entry> entries = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.matches("[0-9]+\\.tx")) {
          BigInteger nonce = new BigInteger(name.substring(0, name.length() - 3));
          try {
            entries.put(nonce, entry(nonce, f));
          } catch (NoSuchFileException e) {
            // removed while listing
          }
        }
      }
    }
    return entries;
  }

  private Entry entry(BigInteger nonce, Path tx) throws IOException {
    String raw = Files.readString(tx, StandardCharsets.US_ASCII).strip();
    long modified = Files.getLastModifiedTime(tx).toMillis();
    List<String> hashes = new ArrayList<>();
    long deadline = NO_DEADLINE;
    Path meta = meta(nonce);
    if (Files.exists(meta)) {
      for (String line : Files.readAllLines(meta, StandardCharsets.US_ASCII)) {
        if (line.startsWith("hash ")) {
          hashes.add(line.substring(5).strip());
        } else if (line.startsWith("deadline ")) {
          deadline = Long.parseLong(line.substring(9).strip());
        }
      }
    }
    return new Entry(nonce, raw, hashes, deadline, modified);
  }

  /** Writes a new transaction at {@code nonce}, forgetting whatever was there. */
  void add(BigInteger nonce, String raw, long deadlineBlock) throws IOException {
    if (deadlineBlock == NO_DEADLINE) {
      Files.deleteIfExists(meta(nonce));
    } else {
      write(meta(nonce), "deadline " + deadlineBlock + "\n");
    }
    write(dir.resolve(nonce + ".tx"), raw);
  }

  /** Replaces the transaction of {@code old} by {@code raw}, remembering the old hashes. */
  void replace(Entry old, String raw) throws IOException {
    StringBuilder meta = new StringBuilder();
    if (old.deadlineBlock() != NO_DEADLINE) {
      meta.append("deadline ").append(old.deadlineBlock()).append('\n');
    }
    for (String hash : old.hashes()) {
      meta.append("hash ").append(hash).append('\n');
    }
    write(meta(old.nonce()), meta.toString());
    write(dir.resolve(old.nonce() + ".tx"), raw);
  }

  /** Removes the entry at {@code nonce}. */
  void remove(BigInteger nonce) throws IOException {
    Files.deleteIfExists(dir.resolve(nonce + ".tx"));
    Files.deleteIfExists(meta(nonce));
  }

  private Path meta(BigInteger nonce) {
    return dir.resolve(nonce + ".meta");
  }

  private static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(
        tmp,
        text,
        StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE,
        StandardOpenOption.SYNC);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }
}
