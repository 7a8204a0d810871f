package network.deai.incentive;

import network.deai.contracts.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class DomainPurityTest {
  @Test
  void domainStaysFreeOfIoAndFrameworks() {
    ArchitectureRules.assertPure("network.deai.incentive.domain");
  }
}
