package network.deai.node;

import network.deai.contracts.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class PurityTest {
  @Test
  void domainStaysFreeOfIoAndFrameworks() {
    ArchitectureRules.assertPure("network.deai.node.domain");
  }
}
