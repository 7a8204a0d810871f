package network.deai.node.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import network.deai.learning.CnnModel;
import network.deai.learning.FashionMnist;
import network.deai.learning.MlpModel;
import network.deai.learning.Model;
import network.deai.learning.SoftmaxModel;
import network.deai.learning.TrainingConfig;

/**
 * The parameters of a federated job, carried in the job spec's {@code parameters} object (the spec
 * itself is a {@link network.deai.node.domain.TaskSpec} with executor {@value #EXECUTOR}, the
 * initial model as {@code model} and the requester's validation set as {@code inputs}).
 *
 * @param rule robust aggregation rule: {@code fedavg}, {@code median}, {@code trimmed-mean}, {@code
 *     krum}, {@code multi-krum}, {@code bulyan}, {@code ubar} or {@code cc} (centered clipping),
 *     optionally behind pre-aggregation steps joined by {@code +}: {@code nnm} (nearest-neighbour
 *     mixing with f) and {@code bucketing} (buckets of 2, shuffled with the round seed), e.g.
 *     {@code nnm+median} or {@code bucketing+krum}; see {@link #isRule}
 * @param byzantine f, the number of Byzantine updates the rule is sized for
 * @param sybilCosine residual cosine at or above which two updates count as one (Sybil) cluster
 *     ({@link network.deai.verifier.domain.sybil.SybilClusters}: unit-normalised updates less their
 *     coordinate median; scaled copies always link). 0.6 clusters copies, scaled and noised copies
 *     and same-shard seeds without clustering honest IID or Dirichlet(0.5) trainers in {@code
 *     ./deai bench sybil}; 0.5 starts clustering Dirichlet trainers
 * @param learningRate local SGD step
 * @param epochs local epochs per round
 * @param batchSize local batch size
 * @param exactShapleyMax largest number of clusters scored by exact Shapley (2^n utility
 *     evaluations); above it, permutation Monte Carlo with {@code permutations} seeded permutations
 *     and no truncation ({@link RoundComputation#estimator}). {@code ./deai bench shapley --data
 *     fashion} measured the samplers at 64–77% of exact's evaluations at 10 trainers, 29–37% at 12
 * @param permutations Monte Carlo permutations when exact Shapley is too large
 * @param utility what a coalition is worth: {@code loss} (negative validation cross-entropy) or
 *     {@code accuracy} (validation accuracy)
 * @param data the data set the job trains on, which fixes the model's shape: {@code digits} (8×8
 *     digits, a 64 → 10 softmax) or {@code fashion-mnist} (28×28 Fashion-MNIST, a 784 → 10
 *     softmax); see {@link #model}
 * @param architecture the model trained on {@link #data}: {@code softmax} (the default, one linear
 *     layer), {@code mlp:H} (one ReLU hidden layer of H units, 1..{@value #MAX_HIDDEN}) or {@code
 *     cnn:C} (a 5×5 convolution of C channels, 1..{@value #MAX_CHANNELS}, ReLU, 2×2 max-pool, one
 *     dense layer; {@link CnnModel}); see {@link #isArchitecture}
 */
public record FlParameters(
    String rule,
    int byzantine,
    double sybilCosine,
    double learningRate,
    int epochs,
    int batchSize,
    int exactShapleyMax,
    int permutations,
    String utility,
    String data,
    String architecture) {
  /** The executor name a job spec carries. */
  public static final String EXECUTOR = "fl-softmax";

  /** The robust rules a job may name, alone or behind {@link #STEPS}. */
  public static final Set<String> RULES =
      Set.of("fedavg", "median", "trimmed-mean", "krum", "multi-krum", "bulyan", "ubar", "cc");

  /** The data sets a job may name, with the softmax each one trains. */
  public static final java.util.Map<String, SoftmaxModel> DATA =
      java.util.Map.of("digits", SoftmaxModel.digits(), "fashion-mnist", FashionMnist.softmax());

  /**
   * The rule new jobs name by default: the trimmed mean (sized for {@link #byzantine()}) behind
   * nearest-neighbour mixing. On replays of 12 to 30 devnet rounds it left 0 or 1 honest
   * trainer-rounds of 120 unpaid where Multi-Krum left 5 (Fashion-MNIST) and 27 to 29
   * (inner-product manipulation), paid no attacker and reached equal or better accuracy; its worst
   * digits accuracy in {@code ./deai bench robustness} is 0.872 (Multi-Krum 0.833). It excludes
   * nobody: attackers stay unpaid through a Shapley value at or below 0 and the history-direction
   * rule.
   */
  public static final String DEFAULT_RULE = "nnm+trimmed-mean";

  /**
   * The rule a spec without {@code rule} names: Multi-Krum, the default when such specs were
   * written, so a spec already on chain keeps its meaning ({@link #toJson} always writes the rule).
   */
  public static final String LEGACY_RULE = "multi-krum";

  /** The architecture a spec without {@code architecture} trains. */
  public static final String SOFTMAX = "softmax";

  /** The most hidden units an {@code mlp:H} architecture may name. */
  public static final int MAX_HIDDEN = 1024;

  /** The most convolution channels a {@code cnn:C} architecture may name. */
  public static final int MAX_CHANNELS = 64;

  /** Pre-aggregation steps that may precede a rule, joined by {@code +}. */
  public static final Set<String> STEPS = Set.of("nnm", "bucketing");

  /**
   * Whether {@code rule} is a rule a job may name: one of {@link #RULES}, optionally preceded by up
   * to two distinct {@link #STEPS}, all joined by {@code +} ({@code nnm+bucketing+median}).
   */
  public static boolean isRule(String rule) {
    String[] parts = rule.split("\\+", -1);
    if (parts.length > 3 || !RULES.contains(parts[parts.length - 1])) {
      return false;
    }
    Set<String> seen = new TreeSet<>();
    for (int k = 0; k < parts.length - 1; k++) {
      if (!STEPS.contains(parts[k]) || !seen.add(parts[k])) {
        return false;
      }
    }
    return true;
  }

  /** How the rules may be named, for error messages and help. */
  public static String ruleGrammar() {
    return "one of "
        + new TreeSet<>(RULES)
        + ", optionally behind "
        + new TreeSet<>(STEPS)
        + " joined by '+' (e.g. nnm+median)";
  }

  /**
   * Whether {@code architecture} is one a job may name: {@code softmax}, {@code mlp:H} with H a
   * plain decimal in 1..{@value #MAX_HIDDEN}, or {@code cnn:C} with C a plain decimal in 1..{@value
   * #MAX_CHANNELS} (so each architecture has one spelling).
   */
  public static boolean isArchitecture(String architecture) {
    return architecture.equals(SOFTMAX) || hidden(architecture) > 0 || channels(architecture) > 0;
  }

  /** How architectures may be named, for error messages and help. */
  public static String architectureGrammar() {
    return "softmax, mlp:H with H hidden units in 1.."
        + MAX_HIDDEN
        + " (e.g. mlp:64) or cnn:C with C convolution channels in 1.."
        + MAX_CHANNELS
        + " (e.g. cnn:8)";
  }

  /** The channels of {@code cnn:C}, or 0 when {@code architecture} is not that. */
  private static int channels(String architecture) {
    if (!architecture.matches("cnn:[1-9][0-9]?")) {
      return 0;
    }
    int c = Integer.parseInt(architecture.substring(4));
    return c <= MAX_CHANNELS ? c : 0;
  }

  /** The hidden units of {@code mlp:H}, or 0 when {@code architecture} is not that. */
  private static int hidden(String architecture) {
    if (!architecture.matches("mlp:[1-9][0-9]{0,3}")) {
      return 0;
    }
    int h = Integer.parseInt(architecture.substring(4));
    return h <= MAX_HIDDEN ? h : 0;
  }

  private static final Set<String> FIELDS =
      Set.of(
          "rule",
          "byzantine",
          "sybilCosine",
          "learningRate",
          "epochs",
          "batchSize",
          "exactShapleyMax",
          "permutations",
          "utility",
          "data",
          "architecture");

  /**
   * Fields that specs written before the penalty rule changed may carry and that are ignored:
   * {@code flagMargin} (an excluded update is no longer flagged, whatever its value; see {@link
   * network.deai.incentive.domain.reward.PenaltyPolicy}).
   */
  private static final Set<String> IGNORED = Set.of("flagMargin");

  /** Checks every range. */
  public FlParameters {
    if (!isRule(rule)) {
      throw new IllegalArgumentException("rule must be " + ruleGrammar() + ": " + rule);
    }
    if (byzantine < 0 || byzantine > 15) {
      throw new IllegalArgumentException("byzantine must be in 0..15: " + byzantine);
    }
    if (!(sybilCosine > 0 && sybilCosine <= 1)) {
      throw new IllegalArgumentException("sybilCosine must be in (0, 1]: " + sybilCosine);
    }
    new TrainingConfig(learningRate, epochs, batchSize); // checks those three
    if (exactShapleyMax < 1 || exactShapleyMax > 16) {
      throw new IllegalArgumentException("exactShapleyMax must be in 1..16: " + exactShapleyMax);
    }
    if (permutations < 1 || permutations > 10_000) {
      throw new IllegalArgumentException("permutations must be in 1..10000: " + permutations);
    }
    if (!utility.equals("loss") && !utility.equals("accuracy")) {
      throw new IllegalArgumentException("utility must be loss or accuracy: " + utility);
    }
    if (!DATA.containsKey(data)) {
      throw new IllegalArgumentException("data must be one of " + new TreeSet<>(DATA.keySet()));
    }
    if (!isArchitecture(architecture)) {
      throw new IllegalArgumentException(
          "architecture must be " + architectureGrammar() + ": " + architecture);
    }
  }

  /**
   * Defaults for the digits model: {@value #DEFAULT_RULE} sized for 2 Byzantine updates, 5 local
   * epochs, loss utility.
   */
  public static FlParameters digits() {
    return new FlParameters(DEFAULT_RULE, 2, 0.6, 0.5, 5, 16, 12, 200, "loss", "digits", SOFTMAX);
  }

  /**
   * Defaults for Fashion-MNIST: the {@link #digits()} rule, clustering and scoring, with one local
   * epoch of batches of 16 at 0.05 ({@link FashionMnist#local()}'s rate: the digits' 0.5 diverges
   * on 784 features). With {@link FashionMnist#local()}'s two epochs, updates from Dirichlet(1.0)
   * shards of 2,000 images overshoot towards their own classes; one epoch keeps honest updates
   * closer. Honest updates are never flagged ({@code FashionRoundsTest}).
   */
  public static FlParameters fashion() {
    TrainingConfig local = FashionMnist.local();
    return new FlParameters(
        DEFAULT_RULE,
        2,
        0.6,
        local.learningRate(),
        1,
        local.batchSize(),
        12,
        200,
        "loss",
        "fashion-mnist",
        SOFTMAX);
  }

  /**
   * The model the job trains: {@link #architecture} over {@link #data}'s features and classes.
   * Every architecture's forward pass is pure Java and bitwise reproducible ({@link Model}), so the
   * committee's scores can be recomputed by anyone.
   */
  public Model model() {
    SoftmaxModel softmax = java.util.Objects.requireNonNull(DATA.get(data));
    int hidden = hidden(architecture);
    if (hidden > 0) {
      return new MlpModel(softmax.features(), hidden, softmax.classes());
    }
    int channels = channels(architecture);
    return channels == 0
        ? softmax
        : new CnnModel(softmax.features(), channels, softmax.classes()); // 8×8 and 28×28 images
  }

  /** These parameters training {@code architecture} instead. */
  public FlParameters withArchitecture(String architecture) {
    return new FlParameters(
        rule,
        byzantine,
        sybilCosine,
        learningRate,
        epochs,
        batchSize,
        exactShapleyMax,
        permutations,
        utility,
        data,
        architecture);
  }

  /** These parameters with another robust rule, sized for {@code byzantine} attackers. */
  public FlParameters withRule(String rule, int byzantine) {
    return new FlParameters(
        rule,
        byzantine,
        sybilCosine,
        learningRate,
        epochs,
        batchSize,
        exactShapleyMax,
        permutations,
        utility,
        data,
        architecture);
  }

  /** Local training settings. */
  public TrainingConfig training() {
    return new TrainingConfig(learningRate, epochs, batchSize);
  }

  /** The JSON object for the spec. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("rule", rule);
    json.put("byzantine", byzantine);
    json.put("sybilCosine", sybilCosine);
    json.put("learningRate", learningRate);
    json.put("epochs", epochs);
    json.put("batchSize", batchSize);
    json.put("exactShapleyMax", exactShapleyMax);
    json.put("permutations", permutations);
    json.put("utility", utility);
    if (!data.equals("digits")) {
      json.put("data", data); // a digits job's spec stays as it was before data sets were named
    }
    if (!architecture.equals(SOFTMAX)) {
      json.put("architecture", architecture); // so does a softmax job's
    }
    return json;
  }

  /**
   * Reads the parameters; a missing {@code rule} is {@value #LEGACY_RULE} ({@link #LEGACY_RULE}),
   * other missing fields take the {@link #digits()} defaults.
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public static FlParameters parse(JsonNode json) {
    Set<String> unknown = new TreeSet<>();
    json.fieldNames().forEachRemaining(unknown::add);
    unknown.removeAll(FIELDS);
    unknown.removeAll(IGNORED);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown job parameters " + unknown);
    }
    FlParameters d = digits();
    return new FlParameters(
        json.path("rule").asText(LEGACY_RULE).toLowerCase(Locale.ROOT),
        integer(json, "byzantine", d.byzantine),
        number(json, "sybilCosine", d.sybilCosine),
        number(json, "learningRate", d.learningRate),
        integer(json, "epochs", d.epochs),
        integer(json, "batchSize", d.batchSize),
        integer(json, "exactShapleyMax", d.exactShapleyMax),
        integer(json, "permutations", d.permutations),
        json.path("utility").asText(d.utility),
        json.path("data").asText(d.data),
        text(json, "architecture", d.architecture));
  }

  private static String text(JsonNode json, String field, String fallback) {
    JsonNode v = json.path(field);
    if (v.isMissingNode()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return v.textValue();
  }

  private static int integer(JsonNode json, String field, int fallback) {
    JsonNode v = json.path(field);
    if (v.isMissingNode()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException(field + " must be an integer");
    }
    return v.intValue();
  }

  private static double number(JsonNode json, String field, double fallback) {
    JsonNode v = json.path(field);
    if (v.isMissingNode()) {
      return fallback;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException(field + " must be a number");
    }
    return v.doubleValue();
  }
}
