package network.deai.incentive.domain.reward;

import java.math.BigInteger;
import java.util.List;

/**
 * A split of a reward pool: wei per trainer (in input order) and the dust returned to the
 * requester. {@code sum(perTrainer) + dust == pool} always holds.
 */
public record Payouts(List<BigInteger> perTrainer, BigInteger dust) {
  /** Copies the list. */
  public Payouts {
    perTrainer = List.copyOf(perTrainer);
  }
}
