package network.deai.devnet;

import network.deai.contracts.gen.TaskManager;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/** The topics of sampled validation's events and the check decision's flag. */
final class SampledEvents {
  /** {@code TaskSampled}: the check was decided. */
  static final String SAMPLED = EventEncoder.encode(TaskManager.TASKSAMPLED_EVENT);

  /** {@code TaskChallenged}: an unchecked result was challenged. */
  static final String CHALLENGED = EventEncoder.encode(TaskManager.TASKCHALLENGED_EVENT);

  private SampledEvents() {}

  /** Whether a TaskSampled log drew validators. */
  static boolean checked(Log log) {
    return Boolean.TRUE.equals(TaskManager.getTaskSampledEventFromLog(log).checked);
  }
}
