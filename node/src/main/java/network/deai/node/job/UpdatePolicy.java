package network.deai.node.job;

/**
 * What a trainer makes of its training: the seed it trains with and the update it sends. A node
 * runs {@link #HONEST}: it trains with its own seed and sends the update it computed. The seam lets
 * a harness run other trainers through the same role (the devnet's Byzantine trainers and Sybils)
 * without the node knowing of them.
 */
public interface UpdatePolicy {
  /** Trains with the trainer's own seed and sends the update as computed. */
  UpdatePolicy HONEST = (update, seeds) -> update;

  /** The seed to train with: {@link Seeds#own()} unless overridden. */
  default long trainingSeed(Seeds seeds) {
    return seeds.own();
  }

  /**
   * The update to send, given the one computed with {@link #trainingSeed}; may return {@code
   * update} itself, and writes nothing to it otherwise.
   */
  float[] apply(float[] update, Seeds seeds);

  /**
   * One trainer's seeds for a round.
   *
   * @param shared derived from the job's seed and the round alone: the same for every trainer
   * @param own {@code shared} mixed with the trainer's address: a trainer's own
   */
  record Seeds(long shared, long own) {
    /**
     * The seeds of the trainer at {@code address} in round {@code round} of a job seeded {@code
     * jobSeed}.
     */
    public static Seeds of(long jobSeed, long round, String address) {
      long shared = jobSeed * 1_000_003L + round * 7_919L;
      return new Seeds(shared, shared + address.hashCode());
    }
  }
}
