package network.deai.verifier.domain.sybil;

import java.util.ArrayList;
import java.util.List;
import network.deai.verifier.domain.aggregation.ModelUpdate;
import org.jspecify.annotations.Nullable;

/**
 * One identity's history in a job: what every committee member and auditor rebuilds from the
 * revealed valid updates of the rounds the identity took part in, rounds added in ascending order.
 * A round contributes, for each valid update u: its residual r = û − m ({@link HistoryWeights}: û
 * the unit-normalised update as {@link SybilClusters} defines it, m the round's coordinate median
 * of the û, r_j = {@code (double) û_j − (double) m_j}); û itself ({@code (double) û_j}); and the
 * round's step s, the robust rule's aggregate of the round's valid updates, the same for every
 * identity of the round ({@code (double) s_j}).
 *
 * @param residuals Σ r over the identity's rounds, the FoolsGold history of {@link HistoryWeights}
 * @param units Σ û over the same rounds
 * @param steps Σ s over the same rounds
 * @param rounds how many rounds were summed, at least 1
 */
@SuppressWarnings("ArrayRecordComponent") // compared by the histories' holders, never by equals
public record IdentityHistory(double[] residuals, double[] units, double[] steps, int rounds) {
  /**
   * @throws IllegalArgumentException if the sums differ in length or rounds is not positive
   */
  public IdentityHistory {
    if (residuals.length != units.length || units.length != steps.length) {
      throw new IllegalArgumentException(
          "sums of "
              + residuals.length
              + ", "
              + units.length
              + " and "
              + steps.length
              + " coordinates");
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1: " + rounds);
    }
  }

  /**
   * One round's history of each update, by position in {@code updates} (none for none).
   *
   * @param step the robust rule's aggregate of {@code updates}
   * @throws IllegalArgumentException if {@code step} is not the updates' size
   */
  public static List<IdentityHistory> ofRound(List<ModelUpdate> updates, float[] step) {
    List<IdentityHistory> out = new ArrayList<>(updates.size());
    double[][] residuals = SybilClusters.residuals(updates);
    double[] steps = new double[step.length];
    for (int j = 0; j < step.length; j++) {
      steps[j] = step[j];
    }
    for (int k = 0; k < residuals.length; k++) {
      float[] unit = SybilClusters.normalize(updates.get(k).delta());
      double[] units = new double[unit.length];
      for (int j = 0; j < unit.length; j++) {
        units[j] = unit[j];
      }
      out.add(new IdentityHistory(residuals[k], units, steps.clone(), 1));
    }
    return out;
  }

  /**
   * {@code past} followed by {@code later}: each sum added coordinate by coordinate in double
   * ({@link HistoryWeights#accumulate}), rounds added; a null {@code past} is no history.
   */
  public static IdentityHistory accumulate(@Nullable IdentityHistory past, IdentityHistory later) {
    if (past == null) {
      return later;
    }
    return new IdentityHistory(
        HistoryWeights.accumulate(past.residuals, later.residuals),
        HistoryWeights.accumulate(past.units, later.units),
        HistoryWeights.accumulate(past.steps, later.steps),
        past.rounds + later.rounds);
  }
}
