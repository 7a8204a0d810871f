package network.deai.node.domain;

import java.math.BigInteger;

/**
 * What a node declares when it registers, and what selection then relies on: it serves {@code
 * gpuClass}, has {@code vramMiB} of accelerator memory, runs the executor kinds in the {@code
 * executors} bit set ({@link ExecutorKinds}) and works for at least {@code minFeePerReplica} wei
 * per replica. Values are checked against the contract's field widths.
 *
 * @param endpoint URL where the node serves artifacts ("" when it serves none)
 */
public record NodeDeclaration(
    long gpuClass, long vramMiB, int executors, BigInteger minFeePerReplica, String endpoint) {
  private static final long UINT32_MAX = 0xffff_ffffL;

  /** Checks every field against its uint width. */
  public NodeDeclaration {
    if (gpuClass < 0 || gpuClass > UINT32_MAX) {
      throw new IllegalArgumentException("gpu class must be a uint32, got " + gpuClass);
    }
    if (vramMiB < 0 || vramMiB > UINT32_MAX) {
      throw new IllegalArgumentException("vram MiB must be a uint32, got " + vramMiB);
    }
    if (executors < 0 || executors > 0xffff) {
      throw new IllegalArgumentException("executors must be a uint16 bit set, got " + executors);
    }
    if (minFeePerReplica.signum() < 0 || minFeePerReplica.bitLength() > 128) {
      throw new IllegalArgumentException(
          "min fee per replica must be a uint128, got " + minFeePerReplica);
    }
  }

  /**
   * A declaration of the GPU class only (no memory, no executor kinds, no minimum fee): enough for
   * training jobs, which select by class alone.
   */
  public static NodeDeclaration ofClass(long gpuClass, String endpoint) {
    return new NodeDeclaration(gpuClass, 0, 0, BigInteger.ZERO, endpoint);
  }
}
