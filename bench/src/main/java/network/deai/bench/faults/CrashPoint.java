package network.deai.bench.faults;

/**
 * Where a worker is SIGKILLed, in the order of the commit-reveal protocol. The unsafe ones are
 * {@link #SIGNED} (the commit is signed and in the outbox, its broadcast refused) and {@link
 * #BROADCAST} (the commit went out, the journal does not know yet).
 */
public enum CrashPoint {
  /** Result and salt journalled, nothing sent. */
  PREPARED("prepare", false),
  /** Commit signed and in the outbox, its broadcast refused by the endpoint, not journalled. */
  SIGNED("broadcast", true),
  /** Commit broadcast, not journalled. */
  BROADCAST("broadcast", false),
  /** Commit sent and journalled. */
  COMMITTED("commit", false),
  /** Reveal sent and journalled. */
  REVEALED("reveal", false);

  private final String step;
  private final boolean broadcastRefused;

  CrashPoint(String step, boolean broadcastRefused) {
    this.step = step;
    this.broadcastRefused = broadcastRefused;
  }

  /** The protocol step {@code PausingWorker} holds the worker after. */
  public String step() {
    return step;
  }

  /** Whether the endpoint refuses commit broadcasts while the worker heads for this point. */
  public boolean broadcastRefused() {
    return broadcastRefused;
  }
}
