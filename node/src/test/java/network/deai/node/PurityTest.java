package network.deai.node;

import network.deai.contracts.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class PurityTest {
  @Test
  void learningAndDomainStayFreeOfIoAndFrameworks() {
    ArchitectureRules.assertPure("network.deai.learning");
    ArchitectureRules.assertPure("network.deai.node.domain");
  }
}
