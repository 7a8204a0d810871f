package network.deai.node.audit;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.TaskSeed;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.node.chain.TrainingJobsClient;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Re-checks the draw of a training round: its seed must be
 * keccak256(abi.encode(blockhash(seedBlock), jobId, round)), where seedBlock is the one the last
 * {@code JobWaiting} event for that round named before the round started. A mismatch means the draw
 * was not the one the protocol fixes.
 */
final class RoundSeeds {
  private RoundSeeds() {}

  /** A problem with round {@code round}'s seed, or empty when it is the one the chain fixes. */
  static Optional<String> check(
      TrainingJobsClient client,
      List<Log> logs,
      BigInteger jobId,
      TrainingJobs.RoundStartedEventResponse start) {
    long round = start.round.longValueExact();
    long startedAt = start.log.getBlockNumber().longValueExact();
    long seedBlock = -1;
    for (Log log : TrainingJobsClient.only(logs, TrainingJobs.JOBWAITING_EVENT)) {
      TrainingJobs.JobWaitingEventResponse e = TrainingJobs.getJobWaitingEventFromLog(log);
      if (e.round.longValueExact() == round && log.getBlockNumber().longValueExact() < startedAt) {
        seedBlock = e.seedBlock.longValueExact();
      }
    }
    if (seedBlock < 0) {
      return Optional.of("round " + round + " started without a JobWaiting event naming its seed");
    }
    Bytes32 expected = TaskSeed.forRound(client.blockHash(seedBlock), jobId, round);
    if (!expected.equals(Bytes32.wrap(start.seed))) {
      return Optional.of(
          String.format(
              "round %d seed %s is not keccak256(blockhash(%d), job, round) = %s",
              round, Bytes32.wrap(start.seed).toHex(), seedBlock, expected.toHex()));
    }
    return Optional.empty();
  }
}
