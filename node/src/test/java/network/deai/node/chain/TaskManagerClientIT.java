package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalChainExtension.class)
class TaskManagerClientIT {
  @Test
  void refusesAWrongChainIdAndAnAddressWithoutCode(LocalChain chain) {
    String contract = TaskManagerDriver.deploy(chain).address();

    assertThatThrownBy(() -> TaskManagerClient.connect(chain.web3j(), contract, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "RPC endpoint serves chain id 31337 but the configuration expects 1; fix chain_id or"
                + " rpc_url (--chain-id or --rpc-url on the command line)");
    String account = chain.account(3).getAddress();
    assertThatThrownBy(() -> TaskManagerClient.connect(chain.web3j(), account, LocalChain.CHAIN_ID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no TaskManager contract code at " + account + " on chain 31337")
        .hasMessageContaining("fix its address (contract or --contract)");
  }
}
