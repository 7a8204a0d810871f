package network.deai.node.job;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.incentive.domain.reward.PenaltyDecision;
import network.deai.incentive.domain.reward.PenaltyPolicy;
import network.deai.incentive.domain.reward.ScoreEncoding;
import network.deai.incentive.domain.shapley.ClusterShapley;
import network.deai.incentive.domain.shapley.ExactShapley;
import network.deai.incentive.domain.shapley.ShapleyEstimator;
import network.deai.incentive.domain.shapley.ShapleyResult;
import network.deai.incentive.domain.shapley.TruncatedMonteCarlo;
import network.deai.learning.CoalitionAccuracy;
import network.deai.learning.Dataset;
import network.deai.learning.Model;
import network.deai.verifier.domain.aggregation.AggregationResult;
import network.deai.verifier.domain.aggregation.AggregationRule;
import network.deai.verifier.domain.aggregation.Bucketing;
import network.deai.verifier.domain.aggregation.Bulyan;
import network.deai.verifier.domain.aggregation.CenteredClipping;
import network.deai.verifier.domain.aggregation.ComposedRule;
import network.deai.verifier.domain.aggregation.CoordinateMedian;
import network.deai.verifier.domain.aggregation.FedAvg;
import network.deai.verifier.domain.aggregation.Krum;
import network.deai.verifier.domain.aggregation.ModelUpdate;
import network.deai.verifier.domain.aggregation.MultiKrum;
import network.deai.verifier.domain.aggregation.NearestNeighbourMixing;
import network.deai.verifier.domain.aggregation.PreAggregation;
import network.deai.verifier.domain.aggregation.TrimmedMean;
import network.deai.verifier.domain.aggregation.Ubar;
import network.deai.verifier.domain.sybil.HistoryDirection;
import network.deai.verifier.domain.sybil.HistoryWeights;
import network.deai.verifier.domain.sybil.IdentityHistory;
import network.deai.verifier.domain.sybil.SybilClusters;
import org.jspecify.annotations.Nullable;

/**
 * One round's aggregation and scoring, as every committee member and auditor computes it, bit for
 * bit (single-threaded, fixed order, no transcendental calls outside {@code StrictMath}):
 *
 * <ol>
 *   <li>the valid updates (revealed, fetched, digest-checked, finite, right size), in trainer
 *       order, are aggregated by the job's robust rule; the new model is global + aggregate;
 *   <li>Sybil clusters: updates whose unit-normalised residuals from the coordinate median have
 *       cosine ≥ {@code sybilCosine}, or that are parallel, are linked ({@link SybilClusters});
 *   <li>cluster Shapley values are computed with the utility "validation accuracy of global + mean
 *       of the coalition's updates" (exact up to {@code exactShapleyMax} clusters, else seeded
 *       permutation Monte Carlo without truncation; see {@link #estimator}), each cluster's value
 *       shared equally by its members;
 *   <li>Sybil history weights ({@link HistoryWeights}, FoolsGold over each trainer's summed
 *       residuals of this and earlier rounds): each value is multiplied by its trainer's weight in
 *       [0, 1], so identities whose updates keep sharing one deviation from the round's centre are
 *       not paid for it;
 *   <li>history direction ({@link HistoryDirection}): a trainer whose summed unit updates of this
 *       and its earlier rounds point against the summed aggregates of the same rounds (cosine below
 *       {@value HistoryDirection#THRESHOLD}) is against the job's progress;
 *   <li>decisions and scores as {@link PenaltyPolicy} states, the one statement of the penalty
 *       rule: only invalid updates are flagged (slashable); updates the rule excluded, and kept
 *       updates of trainers against progress, score at most 0 (unpaid, never slashed); the rest
 *       score their weighted values in fixed point ({@link ScoreEncoding}); missing updates score
 *       0.
 * </ol>
 *
 * The {@code seed} (Monte Carlo permutations, bucketing) is {@link PenaltyPolicy#roundSeed} of the
 * spec's seed and the round number, documented there beside the rule.
 */
public final class RoundComputation {
  private RoundComputation() {}

  /**
   * What a round produced.
   *
   * @param model the new global parameters
   * @param values Shapley value times history weight per trainer index (0 for missing or invalid
   *     updates)
   * @param scores fixed-point scores per trainer index
   * @param flaggedMask bit i set when trainer i is flagged
   * @param excluded trainer indices the rule excluded
   * @param clusters near-duplicate clusters of trainer indices (valid updates only)
   * @param rule the rule as applied (its f may be lowered to fit the number of updates)
   * @param weights history weight per trainer index (1 for missing or invalid updates)
   * @param directions {@link HistoryDirection#cosine} of each trainer's history after this round (0
   *     for missing or invalid updates)
   * @param againstProgress trainer indices whose history is {@link HistoryDirection#opposed},
   *     ascending (excluded ones included)
   * @param histories per trainer index, its history after this round (null without a valid update
   *     this round: its earlier history, which the caller keeps, is unchanged)
   */
  @SuppressWarnings("ArrayRecordComponent") // internal result, not shared
  public record Result(
      float[] model,
      double[] values,
      long[] scores,
      int flaggedMask,
      List<Integer> excluded,
      List<List<Integer>> clusters,
      String rule,
      double[] weights,
      double[] directions,
      List<Integer> againstProgress,
      List<@Nullable IdentityHistory> histories) {
    /** SHA-256 of the new model file. */
    public Bytes32 modelDigest(Model classifier) {
      return Hashes.sha256(FlFiles.model(classifier, model));
    }

    /** keccak256(abi.encode(int64[] scores)). */
    public Bytes32 scoresDigest() {
      return ScoreEncoding.digest(scores);
    }
  }

  /**
   * Computes a round.
   *
   * @param updates per trainer index: the delta, or null when the trainer did not reveal
   * @param invalidMask bit i set when trainer i revealed but its update could not be fetched, did
   *     not match its digest, or was malformed (its entry in {@code updates} is ignored)
   * @param seed Monte Carlo and bucketing seed: {@link PenaltyPolicy#roundSeed}{@code (spec seed,
   *     round)} in a job
   */
  public static Result compute(
      Model classifier,
      float[] global,
      List<float @Nullable []> updates,
      int invalidMask,
      Dataset validation,
      FlParameters p,
      long seed) {
    List<@Nullable IdentityHistory> none = new ArrayList<>();
    for (int i = 0; i < updates.size(); i++) {
      none.add(null);
    }
    return compute(classifier, global, updates, invalidMask, validation, p, seed, none);
  }

  /**
   * Computes a round of trainers with earlier histories.
   *
   * @param past per trainer index, the trainer's history before this round ({@link
   *     Result#histories} of its earlier rounds, summed in round order by {@link
   *     IdentityHistory#accumulate}), or null for none
   */
  public static Result compute(
      Model classifier,
      float[] global,
      List<float @Nullable []> updates,
      int invalidMask,
      Dataset validation,
      FlParameters p,
      long seed,
      List<@Nullable IdentityHistory> past) {
    if (past.size() != updates.size()) {
      throw new IllegalArgumentException(past.size() + " histories for " + updates.size());
    }
    List<ModelUpdate> valid = new ArrayList<>();
    List<float[]> deltas = new ArrayList<>();
    for (int i = 0; i < updates.size(); i++) {
      float[] u = updates.get(i);
      if (u != null && (invalidMask & (1 << i)) == 0) {
        valid.add(new ModelUpdate(i, u, 1));
        deltas.add(u);
      }
    }
    int n = updates.size();
    double[] values = new double[n];
    long[] scores = new long[n];
    double[] weights = new double[n];
    java.util.Arrays.fill(weights, 1);
    double[] directions = new double[n];
    List<@Nullable IdentityHistory> histories = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      histories.add(null);
    }
    if (valid.isEmpty()) {
      return new Result(
          global.clone(),
          values,
          scores,
          invalidMask,
          List.of(),
          List.of(),
          "none",
          weights,
          directions,
          List.of(),
          histories);
    }
    AggregationRule rule = rule(p, valid.size(), classifier, global, validation, valid, seed);
    AggregationResult aggregated = rule.aggregate(valid);
    float[] model = new float[global.length];
    for (int j = 0; j < model.length; j++) {
      model[j] = global[j] + aggregated.aggregate()[j];
    }
    // The rules name excluded updates by worker id, which here is the trainer index.
    List<Integer> excluded = List.copyOf(aggregated.excluded());
    List<List<Integer>> byTrainer = SybilClusters.cluster(valid, p.sybilCosine());
    List<List<Integer>> byPosition = new ArrayList<>();
    for (List<Integer> cluster : byTrainer) {
      List<Integer> positions = new ArrayList<>();
      for (int trainer : cluster) {
        positions.add(position(valid, trainer));
      }
      byPosition.add(positions);
    }
    ShapleyResult shapley =
        new ClusterShapley(estimator(p, byPosition.size(), seed))
            .estimate(
                byPosition,
                valid.size(),
                new CoalitionAccuracy(
                    classifier, global, deltas, validation, p.utility().equals("loss")));
    List<IdentityHistory> thisRound = IdentityHistory.ofRound(valid, aggregated.aggregate());
    List<double[]> current = new ArrayList<>();
    List<Integer> againstProgress = new ArrayList<>();
    for (int k = 0; k < valid.size(); k++) {
      int trainer = valid.get(k).worker();
      IdentityHistory h = IdentityHistory.accumulate(past.get(trainer), thisRound.get(k));
      histories.set(trainer, h);
      current.add(h.residuals());
      directions[trainer] = HistoryDirection.cosine(h);
      if (HistoryDirection.opposed(h)) {
        againstProgress.add(trainer);
      }
    }
    double[] w = HistoryWeights.weights(current);
    for (int k = 0; k < valid.size(); k++) {
      weights[valid.get(k).worker()] = w[k];
      values[valid.get(k).worker()] = shapley.values()[k] * w[k];
    }
    List<@Nullable PenaltyDecision> decisions = new ArrayList<>();
    int flagged = 0;
    for (int i = 0; i < n; i++) {
      boolean invalid = (invalidMask & (1 << i)) != 0;
      PenaltyDecision d =
          updates.get(i) == null && !invalid
              ? null
              : PenaltyPolicy.decide(invalid, excluded.contains(i), againstProgress.contains(i));
      decisions.add(d);
      if (d != null && d.flagged()) {
        flagged |= 1 << i;
      }
    }
    long[] payable = PenaltyPolicy.scores(values, decisions);
    return new Result(
        model,
        values,
        payable,
        flagged,
        excluded,
        byTrainer,
        rule.name(),
        weights,
        directions,
        List.copyOf(againstProgress),
        histories);
  }

  /**
   * The Shapley estimator a round of {@code clusters} clusters uses: exact up to {@link
   * FlParameters#exactShapleyMax}, else {@link FlParameters#permutations} Monte Carlo permutations
   * drawn from {@code SplittableRandom(seed)}. Public so that {@code deai bench shapley} measures
   * exactly the estimator jobs run.
   */
  public static ShapleyEstimator estimator(FlParameters p, int clusters, long seed) {
    return clusters <= p.exactShapleyMax()
        ? new ExactShapley()
        : new TruncatedMonteCarlo(p.permutations(), 0.0, new SplittableRandom(seed));
  }

  /** Bucket size of the {@code bucketing} step (Karimireddy et al. 2022 use 2). */
  static final int BUCKET_SIZE = 2;

  /**
   * The job's rule behind its pre-aggregation steps, with f lowered where needed so that each part
   * fits the updates it sees: {@code nnm} mixes with min(f, n − 1); {@code bucketing} shuffles with
   * the round seed into buckets of {@value #BUCKET_SIZE}, so the rule then sees ⌈n/2⌉ updates.
   * Public so that {@code deai bench robustness} measures exactly the rules jobs run.
   */
  public static AggregationRule rule(
      FlParameters p,
      int n,
      Model classifier,
      float[] global,
      Dataset validation,
      List<ModelUpdate> updates,
      long seed) {
    String[] parts = p.rule().split("\\+", -1);
    List<PreAggregation> steps = new ArrayList<>();
    int seen = n;
    for (int k = 0; k < parts.length - 1; k++) {
      if (parts[k].equals("nnm")) {
        steps.add(new NearestNeighbourMixing(Math.min(p.byzantine(), seen - 1)));
      } else {
        steps.add(new Bucketing(BUCKET_SIZE, seed));
        seen = (seen + BUCKET_SIZE - 1) / BUCKET_SIZE;
      }
    }
    AggregationRule base =
        base(parts[parts.length - 1], p, seen, classifier, global, validation, updates);
    return steps.isEmpty() ? base : new ComposedRule(steps, base);
  }

  /**
   * A rule sized for {@code n} updates. UBAR runs from the committee's point of view: its reference
   * ("own") vector is the committee's own model, the current global (the zero update), so stage 1
   * keeps the ρ·n updates that move the model least and stage 2 those that lower the requester's
   * validation loss of global + candidate below the current global's; ρ is the share of updates the
   * job assumes benign, (n − f) / n. (With the coordinate median as reference, stage 2 compared
   * each single update against the median aggregate, which on label-skewed shards beats almost
   * every one of them, so UBAR fell back to the one lowest-loss update, as Krum does.) Centered
   * clipping clips at the median Euclidean norm of the updates, so its radius scales with them
   * without a parameter, in 3 iterations.
   */
  private static AggregationRule base(
      String name,
      FlParameters p,
      int n,
      Model classifier,
      float[] global,
      Dataset validation,
      List<ModelUpdate> updates) {
    int f = p.byzantine();
    return switch (name) {
      case "cc" -> new CenteredClipping(medianNorm(updates), 3);
      case "fedavg" -> new FedAvg();
      case "median" -> new CoordinateMedian();
      case "trimmed-mean" -> new TrimmedMean(Math.min(f, (n - 1) / 2));
      case "krum" -> n <= 2 ? new FedAvg() : new Krum(Math.min(f, (n - 3) / 2));
      case "multi-krum" -> {
        int fit = Math.min(f, Math.max(0, (n - 3) / 2));
        yield n <= 2 ? new FedAvg() : new MultiKrum(fit, n - fit);
      }
      case "bulyan" -> {
        int fit = Math.min(f, Math.max(0, (n - 3) / 4));
        yield n < 3 ? new CoordinateMedian() : new Bulyan(fit);
      }
      case "ubar" -> {
        yield new Ubar(
            Math.max(1, n - f) / (double) n,
            new float[global.length],
            delta -> {
              float[] params = new float[global.length];
              for (int j = 0; j < params.length; j++) {
                params[j] = global[j] + delta[j];
              }
              return classifier.loss(params, validation);
            });
      }
      default -> throw new IllegalArgumentException("unknown rule " + name);
    };
  }

  /** The median Euclidean norm of the updates (mean of the middle two for an even count). */
  static double medianNorm(List<ModelUpdate> updates) {
    double[] norms = new double[updates.size()];
    for (int i = 0; i < norms.length; i++) {
      double s = 0;
      for (float x : updates.get(i).delta()) {
        s += (double) x * x;
      }
      norms[i] = Math.sqrt(s);
    }
    java.util.Arrays.sort(norms);
    int m = norms.length / 2;
    double median = norms.length % 2 == 1 ? norms[m] : (norms[m - 1] + norms[m]) / 2;
    return median > 0 ? median : Double.MIN_VALUE;
  }

  private static int position(List<ModelUpdate> valid, int trainer) {
    for (int k = 0; k < valid.size(); k++) {
      if (valid.get(k).worker() == trainer) {
        return k;
      }
    }
    throw new IllegalStateException("trainer " + trainer + " has no valid update");
  }
}
