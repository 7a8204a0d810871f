package network.deai.node.job;

import java.math.BigInteger;
import network.deai.node.domain.Job;
import network.deai.node.domain.Round;

/** A node's part in the round it is selected for: one step per block, derived from chain state. */
sealed interface JobRole permits TrainerRole, AggregatorRole {
  /**
   * Acts on the current stage of {@code round} of job {@code jobId}, where this node holds seat
   * {@code index} of the role's list (trainers or committee).
   */
  void act(BigInteger jobId, Job job, Round view, long round, int index);
}
