package network.deai.verifier.domain.aggregation;

/**
 * One trainer's contribution: a flat parameter delta (or parameter vector) and the number of
 * samples it was trained on. The array is not copied: callers must not mutate it afterwards.
 */
@SuppressWarnings("ArrayRecordComponent") // vectors of up to millions of floats are not copied
public record ModelUpdate(int worker, float[] delta, long samples) {
  /** Checks the sample count. */
  public ModelUpdate {
    if (samples < 0) {
      throw new IllegalArgumentException("samples must be >= 0, got " + samples);
    }
  }
}
