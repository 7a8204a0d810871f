package network.deai.node.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import network.deai.node.chain.TaskManagerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;

/**
 * A node that abstained in round one can be drawn into the same task's escalation: it then holds
 * two seats, and the audit must read each seat's record, not the node's events for the other seat.
 */
@ExtendWith(LocalChainExtension.class)
class AuditorEscalationIT {
  private static final Bytes32 A = Bytes32.fromLongs(1, 1, 1, 1);
  private static final Bytes32 B = Bytes32.fromLongs(2, 2, 2, 2);

  @Test
  void anAbstainerDrawnIntoTheEscalationIsAuditedSeatBySeat(LocalChain chain) {
    TaskManagerDriver tm = TaskManagerDriver.deployWithNodes(chain, 9);
    Credentials requester = chain.account(chain.accountCount() - 1);
    BigInteger taskId =
        tm.createStartedTask(
            requester, TaskManagerDriver.params(3, 0, 0, 10), TaskManagerDriver.ether(1));
    List<String> round = tm.replicas(taskId);
    chain.mine(6); // past half the commit window: the abstainer gets no replacement
    tm.abstain(tm.credentialsOf(round.get(0)), taskId);
    tm.commit(tm.credentialsOf(round.get(1)), taskId, A, A);
    tm.commit(tm.credentialsOf(round.get(2)), taskId, B, B);
    tm.reveal(tm.credentialsOf(round.get(1)), taskId, A, A);
    tm.reveal(tm.credentialsOf(round.get(2)), taskId, B, B);
    tm.finalizeTask(taskId); // one against one: it escalates
    chain.mine(1);
    tm.startTask(taskId); // 7 seats from the 7 free nodes, the abstainer among them
    List<String> seats = tm.replicas(taskId);
    assertThat(seats.subList(3, 10)).contains(round.get(0));
    for (String seat : seats.subList(3, 10)) {
      tm.commit(tm.credentialsOf(seat), taskId, A, A);
    }
    for (String seat : seats.subList(3, 10)) {
      tm.reveal(tm.credentialsOf(seat), taskId, A, A);
    }
    tm.finalizeTask(taskId);

    TaskAudit audit =
        new Auditor(TaskManagerClient.connect(chain.web3j(), tm.address(), LocalChain.CHAIN_ID))
            .task(taskId);
    assertThat(audit.problems()).isEmpty();
    assertThat(audit.replicas().get(0).outcome()).isEqualTo("Abstained");
    assertThat(audit.replicas().get(0).paid()).isZero();
    assertThat(audit.replicas().get(0).resultDigest()).isEmpty();
    assertThat(audit.replicas().get(seats.lastIndexOf(round.get(0))).outcome()).isEqualTo("Paid");
    assertThat(audit.replicas().get(2).outcome()).isEqualTo("SlashedWrong");
  }
}
