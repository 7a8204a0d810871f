package network.deai.node.requester;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** A requester that cannot pay a task is told its balance, what is needed and how to fund. */
class FundsTest {
  private static final String ADDRESS = "0x00000000000000000000000000000000000000aa";
  private static final BigInteger MILLI = BigInteger.TEN.pow(15);

  @Test
  void saysTheBalanceTheEscrowTheGasAndTheFundCommand() {
    assertThat(
            Funds.shortfall(
                ADDRESS,
                MILLI.multiply(BigInteger.valueOf(50)),
                MILLI.multiply(BigInteger.valueOf(100)),
                BigInteger.valueOf(7_000_000_000_000_001L)))
        .contains(
            ADDRESS
                + " holds 0.05 ETH (50000000000000000 wei) but this task escrows a fee of 0.1 ETH"
                + " (--fee-ether) plus gas of about 0.007000000000000001 ETH: send it at least"
                + " 0.058 ETH more, e.g. deai chain fund --to "
                + ADDRESS
                + " --ether 0.058 --private-key-file <a funded key>");
  }

  @Test
  void passesABalanceThatPaysTheFeeAndTheGasExactly() {
    assertThat(
            Funds.shortfall(
                ADDRESS, BigInteger.valueOf(110), BigInteger.valueOf(100), BigInteger.TEN))
        .isEmpty();
    assertThat(
            Funds.shortfall(
                ADDRESS, BigInteger.valueOf(109), BigInteger.valueOf(100), BigInteger.TEN))
        .get()
        .asString()
        .contains("--ether 0.001 ");
  }
}
