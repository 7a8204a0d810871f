package network.deai.node.chain;

import java.math.BigInteger;

/**
 * What a transaction offers for gas: a legacy gas price, or an EIP-1559 fee cap and tip. Amounts
 * are in wei per gas and positive.
 */
public sealed interface Fees {
  /** The most the transaction may pay per gas. */
  BigInteger ceiling();

  /** A legacy (type 0) price. */
  record Legacy(BigInteger gasPrice) implements Fees {
    public Legacy {
      if (gasPrice.signum() <= 0) {
        throw new IllegalArgumentException("gas price must be positive: " + gasPrice);
      }
    }

    @Override
    public BigInteger ceiling() {
      return gasPrice;
    }
  }

  /** An EIP-1559 (type 2) fee cap and priority fee (tip); the tip never exceeds the cap. */
  record Dynamic(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) implements Fees {
    public Dynamic {
      if (maxFeePerGas.signum() <= 0
          || maxPriorityFeePerGas.signum() < 0
          || maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
        throw new IllegalArgumentException(
            "need 0 <= tip <= fee cap, fee cap > 0: " + maxPriorityFeePerGas + ", " + maxFeePerGas);
      }
    }

    @Override
    public BigInteger ceiling() {
      return maxFeePerGas;
    }
  }
}
