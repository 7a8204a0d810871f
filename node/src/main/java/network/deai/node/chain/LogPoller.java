package network.deai.node.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Follows a contract's logs with plain {@code eth_getLogs} in bounded block ranges from a
 * checkpoint persisted on disk (block number and hash), never with node-side filters. Blocks are
 * read only once {@code confirmations} deep. Before each poll the checkpoint's hash is compared
 * with the chain's; on a mismatch (a reorganisation) the poller steps back {@code reorgDepth}
 * blocks and delivers those logs again, so handlers must be idempotent (keyed by transaction hash
 * and log index).
 */
public final class LogPoller {
  private static final Logger LOG = LoggerFactory.getLogger(LogPoller.class);

  private final Web3j web3j;
  private final String address;
  private final Path checkpointFile;
  private final int range;
  private final int confirmations;
  private final int reorgDepth;
  private Checkpoint checkpoint;

  /** The last fully delivered block. */
  public record Checkpoint(long number, String hash) {}

  /** A poller starting after {@code startBlock − 1} unless a checkpoint file says otherwise. */
  public LogPoller(
      Web3j web3j,
      String address,
      Path checkpointFile,
      long startBlock,
      int range,
      int confirmations,
      int reorgDepth) {
    if (range < 1 || confirmations < 0 || reorgDepth < 1) {
      throw new IllegalArgumentException("need range >= 1, confirmations >= 0, reorgDepth >= 1");
    }
    this.web3j = web3j;
    this.address = address;
    this.checkpointFile = checkpointFile;
    this.range = range;
    this.confirmations = confirmations;
    this.reorgDepth = reorgDepth;
    this.checkpoint = load(checkpointFile).orElse(new Checkpoint(startBlock - 1, ""));
  }

  /** The checkpoint after the last poll. */
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /** Delivers every new confirmed log in order; returns how many were delivered. */
  @SuppressWarnings("rawtypes") // web3j's EthLog API is declared with raw LogResult
  public int poll(Consumer<Log> handler) {
    try {
      rewindIfReorganised();
      long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact() - confirmations;
      int delivered = 0;
      while (checkpoint.number() < head) {
        long from = checkpoint.number() + 1;
        long to = Math.min(head, from + range - 1);
        List<EthLog.LogResult> logs = fetch(from, to);
        for (EthLog.LogResult<?> result : logs) {
          handler.accept((Log) result.get());
          delivered++;
        }
        save(new Checkpoint(to, blockHash(to)));
      }
      return delivered;
    } catch (IOException e) {
      throw new UncheckedIOException("polling logs failed", e);
    }
  }

  @SuppressWarnings("rawtypes") // web3j's EthLog API is declared with raw LogResult
  private List<EthLog.LogResult> fetch(long from, long to) throws IOException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            address);
    EthLog response = web3j.ethGetLogs(filter).send();
    if (response.hasError()) {
      throw new IOException(
          "eth_getLogs " + from + ".." + to + ": " + response.getError().getMessage());
    }
    return response.getLogs();
  }

  private void rewindIfReorganised() throws IOException {
    if (checkpoint.hash().isEmpty() || checkpoint.number() < 0) {
      return;
    }
    String canonical = blockHash(checkpoint.number());
    if (!canonical.equals(checkpoint.hash())) {
      long back = Math.max(-1, checkpoint.number() - reorgDepth);
      LOG.warn(
          "reorganisation at block {} (hash {} is now {}): replaying from block {}",
          checkpoint.number(),
          checkpoint.hash(),
          canonical,
          back + 1);
      save(new Checkpoint(back, back < 0 ? "" : blockHash(back)));
    }
  }

  private String blockHash(long number) throws IOException {
    EthBlock.Block block =
        web3j
            .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
            .send()
            .getBlock();
    return block == null ? "" : block.getHash();
  }

  private void save(Checkpoint next) throws IOException {
    Path tmp = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
    Path parent = checkpointFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        tmp,
        next.number() + " " + next.hash() + "\n",
        StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE,
        StandardOpenOption.SYNC);
    Files.move(
        tmp, checkpointFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    checkpoint = next;
  }

  private static java.util.Optional<Checkpoint> load(Path file) {
    try {
      if (!Files.exists(file)) {
        return java.util.Optional.empty();
      }
      String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ", -1);
      return java.util.Optional.of(
          new Checkpoint(Long.parseLong(parts[0]), parts.length > 1 ? parts[1] : ""));
    } catch (IOException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "unreadable checkpoint " + file + ": " + e.getMessage(), e);
    }
  }
}
