package network.deai.node.domain;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one thing a worker does next for a task it holds a seat in, decided by {@link #next} from
 * what the chain shows and what the worker's journal and bookkeeping say. Pure: the executor reads
 * the chain, asks {@link #next} and performs the step; a restarted worker asks again and picks up
 * wherever it stopped.
 */
public sealed interface TaskStep {
  /**
   * Blocks before the commit deadline from which a replica abstains rather than risk missing it:
   * one whose inputs could not be fetched, or whose execution is still running.
   */
  long ABSTAIN_MARGIN = 2;

  /** Blocks a worker waits after sending {@code finalize} before it sends another. */
  long FINALIZE_SPACING = 3;

  /** Nothing to do on this block; {@code reason} says why, for logs and tests. */
  record Wait(String reason) implements TaskStep {
    /** Checks the reason. */
    public Wait {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The task is over ({@code state} is final): journal its outcome and forget it. */
  record Close(TaskState state) implements TaskStep {
    /** Checks that the state is final. */
    public Close {
      if (!state.isFinal()) {
        throw new IllegalArgumentException("closing a task that is " + state.solidityName());
      }
    }
  }

  /** The journal closed the task already: forget it. */
  record Forget() implements TaskStep {}

  /** Start running the task (unless the executor holds it back: a retry wait, a crash hook). */
  record Execute() implements TaskStep {}

  /** Why a worker steps back from a task. */
  enum AbstainCause {
    /** Its inputs could not be fetched and the commit deadline is near. */
    INPUTS_UNAVAILABLE,
    /** The worker drains and the task has not started. */
    DRAINING,
    /** Its execution is still running and the commit deadline is near. */
    TOO_SLOW
  }

  /** Step back from the task (no pay, no penalty); {@code why} goes into the log. */
  record Abstain(String why, AbstainCause cause) implements TaskStep {
    /** Checks the fields. */
    public Abstain {
      Objects.requireNonNull(why, "why");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** The result is journalled: commit it, or journal the commit found on chain. */
  record Commit() implements TaskStep {}

  /**
   * The journal says committed and the commit window is still open: make sure the commit is on
   * chain (send it again if a reorg dropped it); once it is, do {@code then}.
   */
  record EnsureCommitted(TaskStep then) implements TaskStep {
    /** Checks the follow-up step. */
    public EnsureCommitted {
      Objects.requireNonNull(then, "then");
    }
  }

  /** Reveal the journalled result (or journal the reveal found on chain). */
  record Reveal() implements TaskStep {}

  /** A sampled task waits for the {@code startTask} that decides its check: send it. */
  record StartDecision(Sampling sampling) implements TaskStep {
    /** Checks the sampling record. */
    public StartDecision {
      Objects.requireNonNull(sampling, "sampling");
    }
  }

  /** It is this seat's turn to finalize: send {@code finalize} if a simulation says it settles. */
  record Finalize() implements TaskStep {}

  /**
   * Whether the worker's loop takes its open tasks' steps now: on every new block, and without one
   * once {@code retryAfter} passed since it last did while a task is open, since a chain that mines
   * only when a transaction arrives (or stalls) never makes the block that a failed send waits for.
   */
  static boolean reconcileNow(
      long block, long lastBlock, boolean anyOpen, Duration sinceLast, Duration retryAfter) {
    return block != lastBlock || (anyOpen && sinceLast.compareTo(retryAfter) >= 0);
  }

  /**
   * The turn of a task at journal stage {@code stage} among a worker's open tasks on one block,
   * lowest first: committed seats first, since a reveal is held back while any transaction of the
   * worker's key is pending, so a commit or finalize sent for another task first on the same block
   * would push the reveal to the next block, possibly past its deadline.
   */
  static int turn(TaskLedger.Stage stage) {
    return stage == TaskLedger.Stage.COMMITTED ? 0 : 1;
  }

  /**
   * Whether {@link #next} needs the task from the chain at {@code block}: always, except while an
   * execution runs that is decided, or whose commit deadline is more than {@link #ABSTAIN_MARGIN}
   * blocks away (then the step is to wait).
   */
  static boolean needsTask(WorkerSeat seat, long block) {
    return !seat.executing()
        || (!seat.decided() && block + ABSTAIN_MARGIN >= seat.executionDeadline());
  }

  /**
   * The step for {@code seat} in {@code task} at {@code block}; {@code sampling} is the task's
   * sampling record when it is a sampled task, else null.
   */
  static TaskStep next(WorkerSeat seat, Task task, @Nullable Sampling sampling, long block) {
    if (seat.executing()) {
      return whileExecuting(seat, task, block);
    }
    if (task.isFinal()) {
      return new Close(task.state());
    }
    if (task.state() == TaskState.PENDING) {
      return seat.index() == 0 && sampling != null && sampling.awaitsStart(task, block)
          ? new StartDecision(sampling)
          : new Wait("pending");
    }
    if (!task.seats().decides(seat.index())) {
      return new Wait("a first-round seat waits while the task escalates");
    }
    return switch (seat.stage()) {
      case ASSIGNED -> assigned(seat, task, block);
      case PREPARED -> new Commit();
      case COMMITTED -> committed(seat, task, sampling, block);
      case REVEALED -> finalizeTurn(seat, task, sampling, block);
      case CLOSED -> new Forget();
    };
  }

  /**
   * An execution is running: abstain when the commit deadline is within {@link #ABSTAIN_MARGIN}
   * blocks and nothing was decided yet, since missing the deadline costs the stake.
   */
  private static TaskStep whileExecuting(WorkerSeat seat, Task task, long block) {
    if (!needsTask(seat, block)) {
      return new Wait("executing");
    }
    if (task.state() == TaskState.COMMITTING
        && task.seats().decides(seat.index())
        && block + ABSTAIN_MARGIN >= task.commitDeadline()
        && seat.stage() == TaskLedger.Stage.ASSIGNED) {
      return new Abstain(
          "still executing at block " + block + ", commit deadline " + task.commitDeadline(),
          AbstainCause.TOO_SLOW);
    }
    return new Wait("executing");
  }

  private static TaskStep assigned(WorkerSeat seat, Task task, long block) {
    if (!task.commitOpen(block)) {
      return new Wait("the commit window is not open");
    }
    // Another try of inputs that could not be fetched takes about as long as the last one did:
    // abstain (no pay, no penalty) unless it ends ABSTAIN_MARGIN blocks before the deadline, since
    // while it runs only the chain loop can step back, and only if it sees those last blocks.
    String unavailable = seat.unavailable();
    if (unavailable != null
        && block + ABSTAIN_MARGIN + seat.lastTryBlocks() >= task.commitDeadline()) {
      return new Abstain(unavailable, AbstainCause.INPUTS_UNAVAILABLE);
    }
    String draining = seat.draining();
    if (DrainDecision.of(draining != null, seat.stage(), seat.executing())
        == DrainDecision.ABSTAIN) {
      return new Abstain("draining: " + String.valueOf(draining), AbstainCause.DRAINING);
    }
    return new Execute();
  }

  private static TaskStep committed(
      WorkerSeat seat, Task task, @Nullable Sampling sampling, long block) {
    if (seat.prepared() && task.commitOpen(block)) {
      return new EnsureCommitted(finalizeTurn(seat, task, sampling, block));
    }
    if (task.revealDue(block) && seat.prepared() && !task.revealClosed(block)) {
      return new Reveal();
    }
    return finalizeTurn(seat, task, sampling, block);
  }

  /**
   * Finalize turn-taking: once every committed deciding seat revealed (and every seat committed or
   * abstained, or the commit window closed), the lowest revealed seat finalizes at once and any
   * seat after the reveal deadline; otherwise seat {@code i} finalizes {@code i} blocks after the
   * reveal deadline, so that usually one finalize is sent. An unchecked sampled result first waits
   * out its challenge window.
   */
  private static TaskStep finalizeTurn(
      WorkerSeat seat, Task task, @Nullable Sampling sampling, long block) {
    long sent = seat.finalizeSentBlock();
    if (sent >= 0 && block < sent + FINALIZE_SPACING) {
      return new Wait("a finalize was just sent");
    }
    if (sampling != null && !sampling.finalizableAt(block)) {
      return new Wait("the challenge window is open");
    }
    int full = task.seats().decidingMask();
    int committed = task.committedMask() & full;
    int revealed = task.revealedMask() & full;
    boolean everyoneRevealed =
        revealed == committed
            && ((committed | (task.abstainedMask() & full)) == full
                || block > task.commitDeadline());
    long revealDeadline = task.lastRevealBlock();
    boolean due =
        everyoneRevealed
            ? seat.index() == Integer.numberOfTrailingZeros(revealed) || block > revealDeadline
            : block > revealDeadline + seat.index();
    return due ? new Finalize() : new Wait("not this seat's turn to finalize");
  }
}
