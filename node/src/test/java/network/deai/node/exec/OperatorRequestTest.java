package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import network.deai.node.exec.OperatorRequest.Action;
import network.deai.node.exec.OperatorRequest.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-over of a command to a running node through its data directory: the node sees the
 * request, its answer names the request and removes it, a newer request is never removed by the
 * answer to an older one, and a command waiting for another request's answer times out.
 */
class OperatorRequestTest {
  @TempDir Path data;

  @Test
  void theAnswerToARequestIsReadBackAndRemovesTheRequest() throws Exception {
    assertThat(OperatorRequest.pending(data, Action.EXIT)).isEmpty();
    String id = OperatorRequest.submit(data, Action.EXIT);
    assertThat(OperatorRequest.pending(data, Action.EXIT)).hasValue(id);
    assertThat(OperatorRequest.pending(data, Action.WITHDRAW)).isEmpty();

    Outcome outcome = new Outcome(id, "exit", true, "exit requested", "0xabc", 12, 22);
    OperatorRequest.answer(data, Action.EXIT, outcome);

    assertThat(OperatorRequest.await(data, Action.EXIT, id, Duration.ZERO)).hasValue(outcome);
    assertThat(OperatorRequest.pending(data, Action.EXIT)).isEmpty();
    assertThat(Files.exists(OperatorRequest.requestFile(data, Action.EXIT))).isFalse();
  }

  @Test
  void anAnswerToAnOlderRequestLeavesTheNewerOneAndIsNotTakenForItsAnswer() throws Exception {
    String older = OperatorRequest.submit(data, Action.WITHDRAW);
    String newer = OperatorRequest.submit(data, Action.WITHDRAW);
    OperatorRequest.answer(
        data, Action.WITHDRAW, new Outcome(older, "withdraw", false, "refused", null, 0, 0));

    assertThat(OperatorRequest.pending(data, Action.WITHDRAW)).hasValue(newer);
    assertThat(OperatorRequest.await(data, Action.WITHDRAW, newer, Duration.ofMillis(20)))
        .isEmpty();
  }
}
