package network.deai.devnet;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.NodeStatus;
import org.web3j.crypto.Credentials;

/**
 * Keeps the cheating identities in the game: a slash deactivates a node until its stake is topped
 * up again, so on every block this tops up each deactivated cheater (simulated first). A persistent
 * cheater pays each slash out of its pocket and comes back, which is what makes its realised profit
 * over a whole run meaningful. Honest identities are never topped up: a slash of one shows.
 */
final class Restaker {
  /** Blocks to wait for a top-up before sending another for the same identity. */
  private static final long RETRY_BLOCKS = 5;

  private static final BigInteger GAS = BigInteger.valueOf(300_000);

  private final TaskManagerClient client;
  private final Map<String, TransactionSender> senders = new HashMap<>();
  private final Map<String, Long> sentAt = new HashMap<>();
  private int topUps;

  /** Tops up {@code cheaters}, each with a sender whose outbox lives under {@code workDir}. */
  Restaker(TaskManagerClient client, List<Credentials> cheaters, Path workDir) {
    this.client = client;
    for (Credentials key : cheaters) {
      String address = key.getAddress().toLowerCase(Locale.ROOT);
      senders.put(
          address,
          TransactionSender.open(
              client.web3j(),
              key,
              client.chainId(),
              workDir.resolve("restake").resolve(address),
              Duration.ofMillis(20)));
    }
  }

  /** Sends a top-up for every deactivated cheater that has none under way at {@code block}. */
  void onBlock(long block) {
    for (var entry : senders.entrySet()) {
      String address = entry.getKey();
      Long sent = sentAt.get(address);
      if (sent != null && block - sent < RETRY_BLOCKS) {
        continue;
      }
      try {
        network.deai.node.domain.Node node = client.node(address);
        if (node.status() != NodeStatus.DEACTIVATED) {
          continue;
        }
        BigInteger missing = client.nodeStake().subtract(node.stake()).max(BigInteger.ZERO);
        String data = client.topUpStakeData();
        if (client.simulate(address, data, missing).isEmpty()) {
          entry.getValue().send(client.address(), missing, data, GAS);
          sentAt.put(address, block);
          topUps++;
        }
      } catch (RuntimeException e) {
        sentAt.put(address, block); // the worker's own sender took the nonce: try again later
      }
    }
  }

  /** Top-ups sent so far. */
  int topUps() {
    return topUps;
  }
}
