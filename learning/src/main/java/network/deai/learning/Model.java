package network.deai.learning;

/**
 * A classifier whose parameters are one flat {@code float[]}, so updates can be averaged, hashed
 * and compared as plain vectors.
 *
 * <p>Guarantees for every implementation: each method is a pure function of its arguments and is
 * bitwise reproducible on every JVM (fixed loop order, {@code double} accumulators, {@link
 * StrictMath} for {@code exp}/{@code log}, no parallelism); no method writes to its arguments;
 * argmax ties go to the lowest class index.
 */
public sealed interface Model permits SoftmaxModel, MlpModel, CnnModel {

  /** Length of the parameter vector. */
  int parameterCount();

  /** Number of input features. */
  int features();

  /** Number of classes. */
  int classes();

  /** Starting parameters drawn from {@code seed} (same seed, same vector). */
  float[] initialParameters(long seed);

  /** Mean cross-entropy (natural log) of the model on {@code data}; {@code data} not empty. */
  double loss(float[] params, Dataset data);

  /** Fraction of rows of {@code data} whose predicted class equals the label; 0 when empty. */
  double accuracy(float[] params, Dataset data);

  /** Gradient of {@link #loss} with respect to the parameters; {@code batch} not empty. */
  float[] gradient(float[] params, Dataset batch);

  /** The predicted class of one row of features (argmax of the logits). */
  int predict(float[] params, float[] row);
}
