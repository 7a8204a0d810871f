package network.deai.node.exec;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** The PyTorch engine through DJL, loaded offline from the natives on the class path. */
public final class Torch {
  private Torch() {}

  /**
   * The PyTorch engine; never downloads natives at run time.
   *
   * @throws RuntimeException or {@link UnsatisfiedLinkError} when the natives cannot be loaded
   */
  public static Engine engine() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    return Engine.getEngine("PyTorch");
  }

  /** The first GPU when the engine sees one, else the CPU. */
  public static Device device(Engine engine) {
    return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }
}
