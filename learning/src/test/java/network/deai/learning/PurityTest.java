package network.deai.learning;

import network.deai.contracts.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class PurityTest {
  @Test
  void learningStaysFreeOfIoAndFrameworks() {
    ArchitectureRules.assertPure("network.deai.learning");
  }
}
