package network.deai.node.requester;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.ResultVector;
import org.junit.jupiter.api.Test;

class RejectedResultTest {
  @Test
  void recognisesEveryRejectionDocumentAndExplainsItInOneLine() {
    for (Rejection.Code code : Rejection.Code.values()) {
      byte[] document = new Rejection(code, "detail").document();
      assertThat(RejectedResult.of(document)).contains(new RejectedResult(code));
      assertThat(new RejectedResult(code).line())
          .startsWith("the replicas agreed to reject the task: " + code.id() + " (")
          .doesNotContain("\n");
    }
    assertThat(new RejectedResult(Rejection.Code.BAD_INPUT).line())
        .contains("tensor names, shapes, format");
  }

  @Test
  void leavesResultsThatAreNotRejectionsAlone() {
    assertThat(RejectedResult.of(ResultVector.encode(new float[] {1, 2}))).isEmpty();
    assertThat(RejectedResult.of(new byte[0])).isEmpty();
    assertThat(
            RejectedResult.of("{\"rejected\":\"no-such-code\"}".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }
}
