package network.deai.node.requester;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Optional;
import network.deai.node.chain.TaskManagerClient;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Convert;

/**
 * Whether a requester's balance pays a task's fee, which {@code createTask} escrows, and the gas of
 * creating and starting it, checked before anything is uploaded; if not, one line with the balance,
 * what is needed and how to fund the key ({@code deai chain fund}).
 */
final class Funds {
  /**
   * The gas limits {@link Requester} sends createTask (1,500,000) and startTask (2,000,000) with.
   */
  static final BigInteger TASK_GAS = BigInteger.valueOf(3_500_000);

  private static final BigDecimal WEI_PER_ETHER = BigDecimal.TEN.pow(18);

  private Funds() {}

  /**
   * Refuses, with one line that says what to do, a task whose {@code fee} and gas {@code address}
   * cannot pay on the chain {@code client} is connected to.
   */
  static void require(TaskManagerClient client, String address, BigInteger fee) {
    BigInteger balance;
    BigInteger gasPrice;
    try {
      balance =
          client
              .web3j()
              .ethGetBalance(address, DefaultBlockParameterName.LATEST)
              .send()
              .getBalance();
      gasPrice = client.web3j().ethGasPrice().send().getGasPrice();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the balance of " + address + " (" + e.getMessage() + ")", e);
    }
    shortfall(address, balance, fee, gasPrice.multiply(TASK_GAS))
        .ifPresent(
            line -> {
              throw new IllegalArgumentException(line);
            });
  }

  /** The refusal when {@code balance} pays less than {@code fee} plus {@code gas}, all in wei. */
  static Optional<String> shortfall(
      String address, BigInteger balance, BigInteger fee, BigInteger gas) {
    BigInteger missing = fee.add(gas).subtract(balance);
    if (missing.signum() <= 0) {
      return Optional.empty();
    }
    String topUp =
        new BigDecimal(missing)
            .divide(WEI_PER_ETHER, 3, RoundingMode.CEILING)
            .stripTrailingZeros()
            .toPlainString();
    return Optional.of(
        String.format(
            "%s holds %s ETH (%s wei) but this task escrows a fee of %s ETH (--fee-ether) plus gas"
                + " of about %s ETH: send it at least %s ETH more, e.g. deai chain fund --to %s"
                + " --ether %s --private-key-file <a funded key>",
            address, ether(balance), balance, ether(fee), ether(gas), topUp, address, topUp));
  }

  private static String ether(BigInteger wei) {
    return Convert.fromWei(new BigDecimal(wei), Convert.Unit.ETHER)
        .stripTrailingZeros()
        .toPlainString();
  }
}
