package network.deai.devnet;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.LogPoller;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The devnet's copycat: a registered identity that runs no worker. Whenever another replica of a
 * task it holds a seat in commits, it commits that same commitment as its own, once per task,
 * through its own sender; it never computes anything and cannot reveal (the commitment binds the
 * other replica's address and salt), so it is slashed as a no-show.
 */
final class Copycat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Copycat.class);
  private static final String COMMITTED = EventEncoder.encode(TaskManager.COMMITTED_EVENT);
  private static final BigInteger COMMIT_GAS = BigInteger.valueOf(200_000);
  private static final Duration POLL = Duration.ofMillis(50);

  private final TaskManagerClient client;
  private final TransactionSender sender;
  private final LogPoller poller;
  private final Address me;
  private final Set<BigInteger> copied = ConcurrentHashMap.newKeySet();
  private volatile boolean running = true;
  private final Thread loop;

  private Copycat(TaskManagerClient client, Credentials key, Path dir) {
    this.client = client;
    this.me = Address.of(key.getAddress());
    this.sender =
        TransactionSender.open(
            client.web3j(), key, client.chainId(), dir.resolve("outbox"), Duration.ofMillis(20));
    this.poller =
        new LogPoller(
            client.web3j(),
            client.address(),
            dir.resolve("checkpoint"),
            client.blockNumber(),
            1000,
            0,
            12);
    this.loop =
        Thread.ofPlatform().daemon().name("copycat-" + key.getAddress()).unstarted(this::run);
  }

  /** Starts copying for {@code key}, keeping its outbox and checkpoint in {@code dir}. */
  static Copycat start(TaskManagerClient client, Credentials key, Path dir) {
    Copycat copycat = new Copycat(client, key, dir);
    copycat.loop.start();
    return copycat;
  }

  /** How many commitments it copied so far. */
  int copied() {
    return copied.size();
  }

  private void run() {
    while (running) {
      try {
        poller.poll(this::onLog);
        sender.settle();
      } catch (RuntimeException e) {
        LOG.warn("copycat {}: {} (retrying)", me, e.getMessage());
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void onLog(Log log) {
    List<String> topics = log.getTopics();
    if (topics.isEmpty() || !topics.get(0).equals(COMMITTED)) {
      return;
    }
    TaskManager.CommittedEventResponse event = TaskManager.getCommittedEventFromLog(log);
    if (Address.of(event.worker).equals(me) || copied.contains(event.taskId)) {
      return;
    }
    int seat = seat(client.replicas(event.taskId));
    if (seat < 0 || client.replica(event.taskId, seat).committed()) {
      return;
    }
    copied.add(event.taskId);
    Bytes32 commitment = Bytes32.wrap(event.commitment);
    TransactionSender.Sent sent =
        sender.send(
            client.address(),
            BigInteger.ZERO,
            client.commitData(event.taskId, commitment),
            COMMIT_GAS);
    LOG.info(
        "copied the commitment of {} for task {} in {}", event.worker, event.taskId, sent.hash());
  }

  private int seat(List<String> replicas) {
    for (int i = 0; i < replicas.size(); i++) {
      if (Address.of(replicas.get(i)).equals(me)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    running = false;
    loop.interrupt();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
