package network.deai.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.TaskManagerClient;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/**
 * What one task cost on chain, read from its logs: the gas of every transaction that emitted one of
 * its events (creation, the start that drew the replicas, a sampled task's check decision, every
 * commit and reveal, a challenge, an escalation's start, the finalization), and of the subset a
 * single unverified execution needs (creation, the first start, the executor's commit and reveal,
 * the finalization); blocks from the first commit to the final state; whether it escalated or was
 * challenged.
 *
 * @param gas all its transactions
 * @param baselineGas the executor-only subset
 * @param latencyBlocks first commit (a result was ready) to the final state
 * @param startBlock the block its replicas were first drawn in
 * @param endBlock the block it reached its final state in (the start block while not final)
 * @param escalated whether a first round ended without consensus and fresh seats were drawn
 * @param challenged whether an unchecked sampled result was challenged
 * @param checked for a sampled task, whether its check decision drew validators (null when the task
 *     is replicated or its check was not decided)
 */
record TaskCosts(
    long gas,
    long baselineGas,
    long latencyBlocks,
    long startBlock,
    long endBlock,
    boolean escalated,
    boolean challenged,
    @Nullable Boolean checked) {
  private static final String CREATED = EventEncoder.encode(TaskManager.TASKCREATED_EVENT);
  private static final String STARTED = EventEncoder.encode(TaskManager.TASKSTARTED_EVENT);
  private static final String FINALIZED = EventEncoder.encode(TaskManager.TASKFINALIZED_EVENT);
  private static final String COMMITTED = EventEncoder.encode(TaskManager.COMMITTED_EVENT);
  private static final String REVEALED = EventEncoder.encode(TaskManager.REVEALED_EVENT);
  private static final String ESCALATED = EventEncoder.encode(TaskManager.TASKESCALATED_EVENT);

  /** Reads task {@code id}'s costs; {@code executor} is seat 0's worker (null if never drawn). */
  static TaskCosts of(TaskManagerClient client, BigInteger id, @Nullable String executor) {
    java.util.Set<String> txs = new java.util.HashSet<>();
    java.util.Set<String> baseline = new java.util.HashSet<>();
    long start = -1;
    long end = -1;
    long ready = -1;
    boolean escalated = false;
    boolean challenged = false;
    Boolean checked = null;
    String seat0 = executor == null ? "" : topicOf(executor);
    for (Log log : client.taskLogs(id)) {
      String tx = log.getTransactionHash();
      txs.add(tx);
      List<String> topics = log.getTopics();
      String topic = topics.get(0);
      long block = log.getBlockNumber().longValueExact();
      if (topic.equals(CREATED)) {
        baseline.add(tx);
      } else if (topic.equals(STARTED) && start < 0) {
        start = block;
        baseline.add(tx);
      } else if (topic.equals(FINALIZED)) {
        end = block;
        baseline.add(tx);
      } else if (topic.equals(COMMITTED) || topic.equals(REVEALED)) {
        ready = topic.equals(COMMITTED) && ready < 0 ? block : ready;
        if (topics.size() > 2 && topics.get(2).equalsIgnoreCase(seat0)) {
          baseline.add(tx);
        }
      } else if (topic.equals(ESCALATED)) {
        escalated = true;
      } else if (topic.equals(SampledEvents.CHALLENGED)) {
        challenged = true;
      } else if (topic.equals(SampledEvents.SAMPLED)) {
        checked = SampledEvents.checked(log);
      }
    }
    long gas = 0;
    long baselineGas = 0;
    for (String tx : txs) {
      long used = gasUsed(client, tx);
      gas += used;
      baselineGas += baseline.contains(tx) ? used : 0;
    }
    long latency = end < 0 ? 0 : end - (ready >= 0 ? ready : Math.max(0, start));
    return new TaskCosts(
        gas,
        baselineGas,
        latency,
        Math.max(0, start),
        end < 0 ? Math.max(0, start) : end,
        escalated,
        challenged,
        checked);
  }

  private static String topicOf(String address) {
    String hex = address.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
    return "0x" + "0".repeat(64 - hex.length()) + hex;
  }

  private static long gasUsed(TaskManagerClient client, String tx) {
    try {
      return client
          .web3j()
          .ethGetTransactionReceipt(tx)
          .send()
          .getTransactionReceipt()
          .map(r -> r.getGasUsed().longValueExact())
          .orElse(0L);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
