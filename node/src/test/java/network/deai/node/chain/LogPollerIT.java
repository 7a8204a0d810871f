package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import network.deai.contracts.gen.TaskManager;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.methods.response.Log;

@ExtendWith(LocalChainExtension.class)
class LogPollerIT {
  @TempDir Path dir;

  @Test
  void deliversEachLogOnceAcrossRangesAndRestarts(LocalChain chain) {
    TaskManagerDriver tm = TaskManagerDriver.deploy(chain);
    for (int i = 1; i <= 3; i++) {
      tm.register(chain.account(i));
    }
    Set<String> seen = new LinkedHashSet<>();
    List<Log> logs = new ArrayList<>();

    LogPoller poller = poller(chain, tm);
    assertThat(poller.poll(log -> collect(log, seen, logs))).isEqualTo(3);
    assertThat(logs)
        .allSatisfy(l -> assertThat(l.getTopics().get(0)).isEqualTo(EventTopics.NODE_REGISTERED));

    LogPoller restarted = poller(chain, tm);
    assertThat(restarted.checkpoint()).isEqualTo(poller.checkpoint());
    assertThat(restarted.poll(log -> collect(log, seen, logs))).isZero();
    tm.register(chain.account(4));
    assertThat(restarted.poll(log -> collect(log, seen, logs))).isEqualTo(1);
    assertThat(seen).hasSize(4);
  }

  @Test
  void replaysAfterAReorganisation(LocalChain chain) {
    TaskManagerDriver tm = TaskManagerDriver.deploy(chain);
    LogPoller poller = poller(chain, tm);
    poller.poll(log -> {});
    String snapshot = chain.snapshot();
    tm.register(chain.account(10));
    List<Log> before = new ArrayList<>();
    poller.poll(before::add);
    LogPoller.Checkpoint orphaned = poller.checkpoint();

    chain.revert(snapshot);
    chain.mine(2);
    tm.register(chain.account(11));
    List<Log> after = new ArrayList<>();
    poller.poll(after::add);

    assertThat(before)
        .singleElement()
        .satisfies(l -> assertThat(topicAddress(l)).isEqualTo(chain.account(10).getAddress()));
    assertThat(after)
        .extracting(LogPollerIT::topicAddress)
        .contains(chain.account(11).getAddress());
    assertThat(poller.checkpoint().hash()).isNotEqualTo(orphaned.hash());
  }

  private LogPoller poller(LocalChain chain, TaskManagerDriver tm) {
    return new LogPoller(chain.web3j(), tm.address(), dir.resolve("checkpoint"), 0, 2, 0, 8);
  }

  private static void collect(Log log, Set<String> seen, List<Log> logs) {
    seen.add(log.getTransactionHash() + ":" + log.getLogIndex());
    logs.add(log);
  }

  private static String topicAddress(Log log) {
    return "0x" + log.getTopics().get(1).substring(26);
  }

  /** Topics of the events these tests look for. */
  static final class EventTopics {
    static final String NODE_REGISTERED =
        org.web3j.abi.EventEncoder.encode(TaskManager.NODEREGISTERED_EVENT);

    private EventTopics() {}
  }
}
