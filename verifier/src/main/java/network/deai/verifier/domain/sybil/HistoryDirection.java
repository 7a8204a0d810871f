package network.deai.verifier.domain.sybil;

/**
 * Whether an identity's updates, summed over its rounds of a job, point against the job's progress:
 * the evidence that leaves a persistent Byzantine trainer (a sign flip, a noise sender) unpaid also
 * in a round where the robust rule keeps its update and its Shapley value is positive.
 *
 * <p>The exact definition, which every committee member and auditor computes bit for bit from an
 * {@link IdentityHistory} (current round included):
 *
 * <ol>
 *   <li>{@link #cosine} = Σ u_j s_j / √(Σ u_j² · Σ s_j²) of the identity's summed unit updates u
 *       ({@link IdentityHistory#units}) and the summed steps s of the same rounds ({@link
 *       IdentityHistory#steps}, the robust rule's aggregates), the three sums in double in
 *       ascending j, {@link Math#sqrt} of the product; 0 when either sum of squares is 0;
 *   <li>{@link #opposed}: cosine &lt; {@value #THRESHOLD} (strictly: a cosine equal to the
 *       threshold is not opposed), from the identity's first round on.
 * </ol>
 *
 * Measured in the pure-Java replays of the devnet's Fashion-MNIST job ({@code FashionRoundsTest}
 * and docs/protocol.md §4): a sign flip's history has cosine −0.11 to −0.80, Gaussian noise's 0.00
 * to 0.03, an honest label-skewed trainer's 0.26 or more (Dirichlet(0.5) shards), although single
 * rounds of honest updates point against the others (down to −0.46). An identity that behaves for a
 * while and then flips keeps a positive cosine for some flipped rounds; each of those is paid only
 * when the rule keeps it with a positive Shapley value.
 */
public final class HistoryDirection {
  /** Cosine below which a history is opposed to the job's progress. */
  public static final double THRESHOLD = 0.1;

  private HistoryDirection() {}

  /** The cosine between the identity's summed unit updates and its rounds' summed steps. */
  public static double cosine(IdentityHistory history) {
    double[] u = history.units();
    double[] s = history.steps();
    double dot = 0;
    double nu = 0;
    double ns = 0;
    for (int j = 0; j < u.length; j++) {
      dot += u[j] * s[j];
      nu += u[j] * u[j];
      ns += s[j] * s[j];
    }
    return nu == 0 || ns == 0 ? 0 : dot / Math.sqrt(nu * ns);
  }

  /** Whether the history is opposed to the job's progress (see the class definition). */
  public static boolean opposed(IdentityHistory history) {
    return cosine(history) < THRESHOLD;
  }
}
