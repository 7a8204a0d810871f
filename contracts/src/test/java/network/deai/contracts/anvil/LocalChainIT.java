package network.deai.contracts.anvil;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalChainExtension.class)
class LocalChainIT {

  @Test
  void startsAnvilOnLoopbackWithFundedAccounts(LocalChain chain) throws Exception {
    assertThat(chain.rpcUrl()).startsWith("http://127.0.0.1:");
    assertThat(chain.web3j().ethChainId().send().getChainId())
        .isEqualTo(BigInteger.valueOf(LocalChain.CHAIN_ID));
    assertThat(chain.accountCount()).isEqualTo(30);
    assertThat(chain.balance(chain.account(29).getAddress())).isGreaterThan(BigInteger.TEN.pow(21));
  }

  @Test
  void minesBlocksOnRequest(LocalChain chain) {
    long before = chain.blockNumber();

    chain.mine(5);

    assertThat(chain.blockNumber()).isEqualTo(before + 5);
  }
}
