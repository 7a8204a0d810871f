package network.deai.node.domain;

import java.math.BigInteger;
import java.util.Objects;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;

/**
 * One seat of a task as {@code ITaskManager.getReplica} returns it ({@code ReplicaView}): the
 * commitment until the replica reveals, then its fingerprint (the other word is zero).
 */
public record Replica(
    Address worker,
    Bytes32 commitment,
    Bytes32 fingerprint,
    boolean committed,
    boolean revealed,
    ReplicaOutcome outcome,
    BigInteger payout,
    BigInteger slashed) {
  /** Checks that no field is missing and no amount is negative. */
  public Replica {
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(commitment, "commitment");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(outcome, "outcome");
    if (payout.signum() < 0 || slashed.signum() < 0) {
      throw new IllegalArgumentException("negative amount");
    }
  }
}
