package network.deai.node.job;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.Commitment;
import network.deai.node.chain.ChainError;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.Round;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's transactions to the TrainingJobs contract: commitments under fresh salts, and every
 * transaction simulated first (one that would revert is skipped and counted), then sent through the
 * node's one {@link TransactionSender} (the nonce owner) and confirmed.
 */
final class Submissions {
  private static final Logger LOG = LoggerFactory.getLogger(Submissions.class);
  private static final BigInteger GAS = BigInteger.valueOf(6_000_000);
  private static final Duration CONFIRM = Duration.ofSeconds(60);

  private final TrainingJobsClient client;
  private final TransactionSender sender;
  private final JobMetrics metrics;
  private final SecureRandom random = new SecureRandom();

  Submissions(TrainingJobsClient client, TransactionSender sender, JobMetrics metrics) {
    this.client = client;
    this.sender = sender;
    this.metrics = metrics;
  }

  /** The address that signs this node's transactions. */
  String address() {
    return sender.address();
  }

  /**
   * Whether a commit sent now is the last one that still lands inside the stage: until then a node
   * waits for artifacts that could not be fetched rather than give up on them.
   */
  boolean lastChance(Round view) {
    return client.blockNumber() + 2 >= view.deadline();
  }

  /** Why {@code data} would revert if this node sent it now, if it would. */
  Optional<ChainError> simulate(String data) {
    return client.simulate(sender.address(), data, BigInteger.ZERO);
  }

  void send(String data, String what) {
    send(data, BigInteger.ZERO, what);
  }

  /** Simulates, then sends {@code data} with {@code value} wei and waits for its receipt. */
  void send(String data, BigInteger value, String what) {
    Optional<ChainError> error = client.simulate(sender.address(), data, value);
    if (error.isPresent()) {
      LOG.info("{}: skipped, it would revert: {}", what, error.get().describe());
      metrics.failed(what, "would-revert");
      return;
    }
    try {
      sender.confirm(sender.send(client.address(), value, data, GAS), CONFIRM, what);
    } catch (RuntimeException e) {
      metrics.failed(what, "failed");
      throw e;
    }
    metrics.sent(what);
  }

  /** This node's commitment for a round, under the journalled {@code salt}. */
  Bytes32 commitment(
      BigInteger jobId, long round, Bytes32 digest, Bytes32 fingerprint, Bytes32 salt) {
    return Commitment.compute(
        client.chainId(),
        Address.of(client.address()),
        TrainingJobsClient.roundKey(jobId, round),
        Address.of(sender.address()),
        digest,
        fingerprint,
        salt);
  }

  /** A fresh random salt for a commitment. */
  Bytes32 salt() {
    byte[] bytes = new byte[Bytes32.SIZE];
    random.nextBytes(bytes);
    return Bytes32.wrap(bytes);
  }
}
