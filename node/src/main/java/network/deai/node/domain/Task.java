package network.deai.node.domain;

import java.math.BigInteger;
import java.util.Objects;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;

/**
 * A task as {@code ITaskManager.getTask} returns it ({@code TaskView}), field for field, with the
 * contract's enums as Java enums. Block numbers and 32-bit counts are {@code long}; 8- and 16-bit
 * values (counts, masks over the at most 16 seats) are {@code int}; wei amounts are {@code
 * BigInteger}.
 */
public record Task(
    Address requester,
    TaskState state,
    int kind,
    Mode mode,
    int replicas,
    int quorum,
    int maxDistance,
    long gpuClass,
    BigInteger fee,
    long commitDeadline,
    long revealDeadline,
    long commitWindow,
    long revealWindow,
    int committedMask,
    int revealedMask,
    int groupMask,
    int groupSize,
    Bytes32 verdictFingerprint,
    BigInteger payoutPerMember,
    BigInteger requesterCredit,
    long seedBlock,
    long startDeadline,
    int abstainedMask,
    long minVramMiB,
    int executors,
    int escalationSeats,
    boolean escalationPending) {
  private static final int MASK = 0xFFFF;

  /** Checks that masks fit the contract's 16 seats and that no count or amount is negative. */
  public Task {
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(verdictFingerprint, "verdictFingerprint");
    for (int mask : new int[] {committedMask, revealedMask, groupMask, abstainedMask}) {
      if ((mask & ~MASK) != 0) {
        throw new IllegalArgumentException("a seat mask is 16 bits wide, got " + mask);
      }
    }
    if (replicas < 0 || escalationSeats < 0 || quorum < 0 || groupSize < 0) {
      throw new IllegalArgumentException("negative seat count");
    }
    if (fee.signum() < 0 || payoutPerMember.signum() < 0 || requesterCredit.signum() < 0) {
      throw new IllegalArgumentException("negative amount");
    }
  }

  /** The task's seats: its first round, and the escalation's once one started. */
  public TaskSeats seats() {
    return new TaskSeats(replicas, escalationSeats);
  }

  /** Whether the task is over (Settled and every state after it). */
  public boolean isFinal() {
    return state.isFinal();
  }

  /**
   * The last block a reveal may land in: the reveal deadline once revealing opened, else the commit
   * deadline plus the reveal window (revealing opens at the latest when the commit window closes).
   */
  public long lastRevealBlock() {
    return state == TaskState.REVEALING ? revealDeadline : commitDeadline + revealWindow;
  }

  /**
   * Whether a commit may land at {@code block}: the task is Committing and its commit deadline has
   * not passed.
   */
  public boolean commitOpen(long block) {
    return state == TaskState.COMMITTING && block <= commitDeadline;
  }

  /**
   * Whether a reveal may be sent at {@code block} as far as the commit window goes: revealing
   * opened, or the commit deadline passed (the first reveal after it opens revealing).
   */
  public boolean revealDue(long block) {
    return state == TaskState.REVEALING || block > commitDeadline;
  }

  /** Whether {@code block} is past {@link #lastRevealBlock()}: no reveal can land any more. */
  public boolean revealClosed(long block) {
    return block > lastRevealBlock();
  }

  /**
   * The state with its escalation, as users read it: "Pending (escalating)" while the task waits
   * for fresh replicas, "Committing (escalation: 7 fresh replicas)" and so on once they were drawn.
   */
  public String stateDescription() {
    if (escalationPending) {
      return state.solidityName() + " (escalating)";
    }
    return escalationSeats == 0
        ? state.solidityName()
        : state.solidityName() + " (escalation: " + escalationSeats + " fresh replicas)";
  }
}
