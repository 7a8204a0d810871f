package network.deai.devnet;

import java.util.List;
import java.util.Locale;

/** How the devnet's tasks are verified: {@code deai devnet --mode}. */
public enum ValidationMode {
  /** Every task runs on --replicas replicas (the devnet of earlier releases). */
  REPLICATED,
  /** One executor per task; validators recompute it with probability --sample-rate. */
  SAMPLED,
  /** The same workload replicated, then sampled, on one chain, reported side by side. */
  BOTH;

  /** Parses {@code replicated}, {@code sampled} or {@code both}. */
  public static ValidationMode parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--mode must be replicated, sampled or both, got '" + text + "'", e);
    }
  }

  /** The single modes run, in order. */
  List<ValidationMode> phases() {
    return this == BOTH ? List.of(REPLICATED, SAMPLED) : List.of(this);
  }

  /** The name used in reports. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
