package network.deai.node.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.domain.SamplingEvent;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/** Decodes the TaskManager's sampled-validation logs into {@link SamplingEvent}s. */
public final class SamplingEvents {
  private static final String SAMPLED = EventEncoder.encode(TaskManager.TASKSAMPLED_EVENT);
  private static final String CHALLENGED = EventEncoder.encode(TaskManager.TASKCHALLENGED_EVENT);
  private static final String RESOLVED = EventEncoder.encode(TaskManager.CHALLENGERESOLVED_EVENT);

  private SamplingEvents() {}

  /** The sampling event in {@code log}, or empty for any other log. */
  public static Optional<SamplingEvent> decode(Log log) {
    if (log.getTopics().isEmpty()) {
      return Optional.empty();
    }
    String topic = log.getTopics().get(0);
    long block = log.getBlockNumber().longValueExact();
    if (topic.equals(SAMPLED)) {
      var e = TaskManager.getTaskSampledEventFromLog(log);
      return Optional.of(
          new SamplingEvent.Sampled(
              e.taskId,
              block,
              Bytes32.wrap(e.seed),
              e.decisionBlock.longValueExact(),
              e.checked,
              e.challengeDeadline.longValueExact()));
    }
    if (topic.equals(CHALLENGED)) {
      var e = TaskManager.getTaskChallengedEventFromLog(log);
      return Optional.of(
          new SamplingEvent.Challenged(e.taskId, block, Address.of(e.challenger), e.bond));
    }
    if (topic.equals(RESOLVED)) {
      var e = TaskManager.getChallengeResolvedEventFromLog(log);
      return Optional.of(
          new SamplingEvent.ChallengeResolved(
              e.taskId, block, Address.of(e.challenger), e.upheld, e.toChallenger, e.toRequester));
    }
    return Optional.empty();
  }

  /** The sampling events among {@code logs}, in order. */
  public static List<SamplingEvent> of(List<Log> logs) {
    List<SamplingEvent> events = new ArrayList<>();
    for (Log log : logs) {
      decode(log).ifPresent(events::add);
    }
    return events;
  }
}
