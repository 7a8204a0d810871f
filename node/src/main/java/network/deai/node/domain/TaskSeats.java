package network.deai.node.domain;

/**
 * The seats of a task as {@code TaskManager} numbers them: its {@code replicas} first-round seats,
 * then the {@code escalationSeats} drawn when the first round found no consensus (0 until an
 * escalation starts). Only the seats of the current round decide the verdict and may act.
 */
public record TaskSeats(int replicas, int escalationSeats) {
  /** Checks the counts (at most 16 seats in all, as the contract's masks are 16 bits wide). */
  public TaskSeats {
    if (replicas < 1 || escalationSeats < 0 || replicas + escalationSeats > 16) {
      throw new IllegalArgumentException(
          "seats must be 1..16 in all, got " + replicas + " + " + escalationSeats);
    }
  }

  /** Every seat ever drawn. */
  public int total() {
    return replicas + escalationSeats;
  }

  /** The first seat of the current round: 0, or {@code replicas} once an escalation started. */
  public int firstDeciding() {
    return escalationSeats == 0 ? 0 : replicas;
  }

  /** How many seats decide the verdict: the first round's, or the escalation's. */
  public int deciding() {
    return escalationSeats == 0 ? replicas : escalationSeats;
  }

  /** Mask of the deciding seats. */
  public int decidingMask() {
    return ((1 << total()) - 1) ^ ((1 << firstDeciding()) - 1);
  }

  /** Whether seat {@code index} belongs to the current round. */
  public boolean decides(int index) {
    return index >= 0 && (decidingMask() & (1 << index)) != 0;
  }

  /**
   * Whether a verdict group slashes revealed dissenters (NodeRegistry._canSlash): at least 3 of the
   * deciding seats and two thirds of them agree.
   */
  public boolean canSlash(int groupMask) {
    int group = Integer.bitCount(groupMask & decidingMask());
    return group >= 3 && 3 * group >= 2 * deciding();
  }
}
