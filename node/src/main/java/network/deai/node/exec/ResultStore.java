package network.deai.node.exec;

import network.deai.contracts.abi.Bytes32;

/**
 * Where the worker keeps the result bytes of a task, which it reveals the digest of and serves to
 * the requester: its {@link ArtifactStore}. A harness may stand in front of it.
 */
@FunctionalInterface
public interface ResultStore {
  /** Stores {@code result} and returns its SHA-256 digest, under which it is served. */
  Bytes32 put(byte[] result);
}
