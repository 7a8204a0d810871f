package network.deai.node;

import network.deai.contracts.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class LearningPurityTest {
  @Test
  void learningStaysFreeOfIoAndFrameworks() {
    ArchitectureRules.assertPure("network.deai.node.learning");
  }
}
