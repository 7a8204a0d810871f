package network.deai.verifier;

import network.deai.contracts.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class DomainPurityTest {
  @Test
  void domainStaysFreeOfIoAndFrameworks() {
    ArchitectureRules.assertPure("network.deai.verifier.domain");
  }
}
