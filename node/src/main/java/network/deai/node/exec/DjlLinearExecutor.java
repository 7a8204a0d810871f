package network.deai.node.exec;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code linear} model (safetensors {@code weight [classes, features]}, {@code bias [classes]},
 * inputs {@code [rows, features]}) run by PyTorch through DJL: {@code x · Wᵀ + b} on the GPU when
 * PyTorch sees one, else on the CPU. PyTorch's kernels differ across hardware in the last bits, so
 * this executor is for {@code SIMILAR} tasks. The CPU natives come from Maven (pytorch-native-cpu),
 * and DJL runs offline: nothing is downloaded at run time.
 */
public final class DjlLinearExecutor implements TaskExecutor {
  /** The executor's name in specs. */
  public static final String NAME = "djl-linear";

  private static final Logger LOG = LoggerFactory.getLogger(DjlLinearExecutor.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Outcome<float[]> execute(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
    if (model == null) {
      return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, NAME + " needs a model");
    }
    Map<String, Safetensors.Tensor> weights;
    switch (Safetensors.read(model)) {
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> r -> {
        return Outcome.rejected(Rejection.Code.MODEL_LOAD_FAILED, r.rejection().detail());
      }
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok -> weights = ok.value();
    }
    Safetensors.Tensor weight = weights.get("weight");
    Safetensors.Tensor bias = weights.get("bias");
    if (weight == null || bias == null || weight.shape().length != 2) {
      return Outcome.rejected(
          Rejection.Code.MODEL_LOAD_FAILED, "model needs tensors weight [classes, features], bias");
    }
    return switch (Safetensors.read(inputs)) {
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> r ->
          new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok ->
          run(weight, bias, ok.value().get("inputs"));
    };
  }

  /**
   * Loads PyTorch and runs a 2×2 model through the same path as a task, so that the first task does
   * not pay for the engine's load and first inference.
   */
  @Override
  public void warmUp() {
    Safetensors.Tensor identity =
        new Safetensors.Tensor(new int[] {2, 2}, new float[] {1, 0, 0, 1});
    Safetensors.Tensor zero = new Safetensors.Tensor(new int[] {2}, new float[] {0, 0});
    Safetensors.Tensor inputs = new Safetensors.Tensor(new int[] {1, 2}, new float[] {1, 2});
    if (run(identity, zero, inputs) instanceof Outcome.Rejected<float[]> r) {
      throw new IllegalStateException(r.rejection().detail());
    }
  }

  private static Outcome<float[]> run(
      Safetensors.Tensor weight, Safetensors.Tensor bias, Safetensors.@Nullable Tensor inputs) {
    int classes = weight.shape()[0];
    int features = weight.shape()[1];
    if (inputs == null || inputs.shape().length != 2 || inputs.shape()[1] != features) {
      return Outcome.rejected(
          Rejection.Code.BAD_INPUT, "inputs need a tensor inputs [rows, " + features + "]");
    }
    Engine engine;
    try {
      engine = Torch.engine();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      LOG.error("PyTorch could not be loaded: {}", e.getMessage());
      return Outcome.rejected(
          Rejection.Code.EXECUTION_FAILED,
          "PyTorch is not available on this node: " + e.getMessage());
    }
    Device device = Torch.device(engine);
    try (NDManager manager = engine.newBaseManager(device)) {
      NDArray w = manager.create(weight.data(), new Shape(classes, features));
      NDArray b = manager.create(bias.data(), new Shape(classes));
      NDArray x = manager.create(inputs.data(), new Shape(inputs.shape()[0], features));
      return Outcome.ok(x.matMul(w.transpose()).add(b).toFloatArray());
    } catch (RuntimeException e) {
      return Outcome.rejected(Rejection.Code.EXECUTION_FAILED, "PyTorch: " + e.getMessage());
    }
  }
}
