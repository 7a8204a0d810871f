package network.deai.node.domain;

import java.math.BigInteger;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;

/** The TaskManager's sampled-validation events, decoded from logs by the chain layer. */
public sealed interface SamplingEvent {
  /** The task the event is about. */
  BigInteger taskId();

  /** The block the event was emitted in. */
  long block();

  /**
   * {@code TaskSampled}: the check was decided with {@code seed} from the hash of {@code
   * decisionBlock}; an unchecked result may be challenged until {@code challengeDeadline}.
   */
  record Sampled(
      BigInteger taskId,
      long block,
      Bytes32 seed,
      long decisionBlock,
      boolean checked,
      long challengeDeadline)
      implements SamplingEvent {}

  /**
   * {@code TaskChallenged}: {@code challenger} posted {@code bond} against the unchecked result.
   */
  record Challenged(BigInteger taskId, long block, Address challenger, BigInteger bond)
      implements SamplingEvent {}

  /**
   * {@code ChallengeResolved}: upheld (the executor's result lost) or not, and where the bond and
   * the challenger's reward went.
   */
  record ChallengeResolved(
      BigInteger taskId,
      long block,
      Address challenger,
      boolean upheld,
      BigInteger toChallenger,
      BigInteger toRequester)
      implements SamplingEvent {}
}
