package network.deai.node.chain;

import java.math.BigInteger;
import java.util.Optional;

/**
 * How much a sender offers for gas, and how it raises a transaction that waits too long. Pure: the
 * caller reads the chain and passes the facts in.
 *
 * <p>A first offer is EIP-1559 (fee cap {@code 2 * baseFee + tip}, tip the node's suggestion but at
 * most {@code maxPriorityFeePerGas}) when the latest block has a base fee, otherwise the node's
 * legacy gas price as is. A bump raises every amount by 1/8 plus 1 wei (what nodes require of a
 * replacement), and by up to 100% as a caller's deadline comes within {@code urgentBlocks}; it
 * never offers more than {@code maxFeePerGas}, nor more than {@code maxMultiplier} times what a
 * fresh transaction would offer now. A bump that the cap would keep below the minimum replacement
 * is not made.
 *
 * @param maxFeePerGas absolute ceiling on any offer, in wei per gas
 * @param maxPriorityFeePerGas ceiling on the EIP-1559 tip, in wei per gas
 * @param maxMultiplier ceiling on a bumped offer relative to a fresh one (at least 1)
 * @param urgentBlocks how many blocks before a deadline bumps become larger and come every block
 */
public record FeePolicy(
    BigInteger maxFeePerGas,
    BigInteger maxPriorityFeePerGas,
    int maxMultiplier,
    long urgentBlocks) {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);

  /** 1000 gwei at most, a tip of at most 2 gwei, at most 4 times a fresh offer, urgent at 10. */
  public static final FeePolicy DEFAULT =
      new FeePolicy(GWEI.multiply(BigInteger.valueOf(1000)), GWEI.multiply(BigInteger.TWO), 4, 10);

  public FeePolicy {
    if (maxFeePerGas.signum() <= 0 || maxPriorityFeePerGas.signum() < 0) {
      throw new IllegalArgumentException("fee ceilings must be positive");
    }
    if (maxMultiplier < 1 || urgentBlocks < 0) {
      throw new IllegalArgumentException("need maxMultiplier >= 1 and urgentBlocks >= 0");
    }
  }

  /**
   * The offer for a new transaction.
   *
   * @param baseFee the latest block's base fee, or null where the chain has none (pre-London)
   * @param gasPrice the node's legacy gas price suggestion
   * @param tip the node's suggested priority fee
   */
  public Fees initial(
      @org.jspecify.annotations.Nullable BigInteger baseFee, BigInteger gasPrice, BigInteger tip) {
    if (baseFee == null) {
      // Pay the node's suggestion as is: anvil's suggestion follows recently paid prices, so any
      // markup here compounds block after block (1.25^n) until accounts run dry.
      return new Fees.Legacy(gasPrice.max(BigInteger.ONE).min(maxFeePerGas));
    }
    BigInteger cappedTip = tip.max(BigInteger.ZERO).min(maxPriorityFeePerGas);
    BigInteger cap = baseFee.shiftLeft(1).add(cappedTip).max(BigInteger.ONE).min(maxFeePerGas);
    return new Fees.Dynamic(cap, cappedTip.min(cap));
  }

  /**
   * The replacement for {@code old}, or empty when the ceilings leave no valid replacement.
   *
   * @param fresh what {@link #initial} offers now
   * @param blocksLeft blocks until the caller's deadline ({@link Long#MAX_VALUE} for none)
   */
  public Optional<Fees> bump(Fees old, Fees fresh, long blocksLeft) {
    long permille = raisePermille(blocksLeft);
    BigInteger limit =
        maxFeePerGas.min(fresh.ceiling().multiply(BigInteger.valueOf(maxMultiplier)));
    return switch (old) {
      case Fees.Legacy legacy -> {
        BigInteger price = raise(legacy.gasPrice(), permille).max(fresh.ceiling()).min(limit);
        yield price.compareTo(minimumReplacement(legacy.gasPrice())) < 0
            ? Optional.empty()
            : Optional.of(new Fees.Legacy(price));
      }
      case Fees.Dynamic dynamic -> bumpDynamic(dynamic, fresh, permille, limit);
    };
  }

  private static Optional<Fees> bumpDynamic(
      Fees.Dynamic old, Fees fresh, long permille, BigInteger limit) {
    BigInteger freshTip =
        fresh instanceof Fees.Dynamic d ? d.maxPriorityFeePerGas() : BigInteger.ZERO;
    BigInteger cap = raise(old.maxFeePerGas(), permille).max(fresh.ceiling()).min(limit);
    BigInteger tip = raise(old.maxPriorityFeePerGas(), permille).max(freshTip).min(cap);
    if (cap.compareTo(minimumReplacement(old.maxFeePerGas())) < 0
        || tip.compareTo(minimumReplacement(old.maxPriorityFeePerGas())) < 0) {
      return Optional.empty();
    }
    return Optional.of(new Fees.Dynamic(cap, tip));
  }

  /** True when a deadline {@code blocksLeft} away calls for a bump every block. */
  public boolean urgent(long blocksLeft) {
    return blocksLeft <= urgentBlocks;
  }

  /** 125 per mille normally, growing linearly to 1000 at the deadline. */
  long raisePermille(long blocksLeft) {
    if (blocksLeft > urgentBlocks || urgentBlocks == 0) {
      return blocksLeft <= 0 ? 1000 : 125;
    }
    long near = urgentBlocks - Math.max(0, blocksLeft);
    return 125 + 875 * near / urgentBlocks;
  }

  private static BigInteger raise(BigInteger amount, long permille) {
    return amount
        .multiply(BigInteger.valueOf(1000 + permille))
        .divide(BigInteger.valueOf(1000))
        .add(BigInteger.ONE);
  }

  /** Geth and anvil accept a replacement at 10% above; 1/8 plus 1 wei leaves a margin. */
  private static BigInteger minimumReplacement(BigInteger amount) {
    return amount.add(amount.shiftRight(3)).add(BigInteger.ONE);
  }
}
