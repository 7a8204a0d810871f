package network.deai.node.job;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import network.deai.learning.CnnModel;
import network.deai.learning.MlpModel;
import network.deai.learning.Model;
import network.deai.learning.SoftmaxModel;

/**
 * A {@link Model}'s forward pass in PyTorch tensors, with its flat parameter vector cut into
 * tensors: the tensors of {@link #shapes()} laid end to end, each row-major, are exactly the
 * model's parameter layout, so a gradient taken by autograd lands on the same coordinates as the
 * model's own {@link Model#gradient}.
 */
sealed interface TorchNetwork {

  /** The parameter tensors' shapes, in the order of the flat vector. */
  List<Shape> shapes();

  /** The logits {@code [rows, classes]} of {@code x} ({@code [rows, features]}). */
  NDArray logits(NDList params, NDArray x);

  /** The network computing {@code model}'s logits. */
  static TorchNetwork of(Model model) {
    return switch (model) {
      case SoftmaxModel softmax -> new Softmax(softmax);
      case MlpModel mlp -> new Mlp(mlp);
      case CnnModel cnn -> new Cnn(cnn);
    };
  }

  /** {@code logits = x·Wᵀ + b}; {@code W} is {@code classes × features}, then {@code b}. */
  record Softmax(SoftmaxModel model) implements TorchNetwork {
    @Override
    public List<Shape> shapes() {
      return List.of(new Shape(model.classes(), model.features()), new Shape(model.classes()));
    }

    @Override
    public NDArray logits(NDList params, NDArray x) {
      return x.matMul(params.get(0).transpose()).add(params.get(1));
    }
  }

  /** {@code logits = relu(x·W1ᵀ + b1)·W2ᵀ + b2}, in {@link MlpModel}'s layout. */
  record Mlp(MlpModel model) implements TorchNetwork {
    @Override
    public List<Shape> shapes() {
      return List.of(
          new Shape(model.hidden(), model.features()),
          new Shape(model.hidden()),
          new Shape(model.classes(), model.hidden()),
          new Shape(model.classes()));
    }

    @Override
    public NDArray logits(NDList params, NDArray x) {
      NDArray hidden = Activation.relu(x.matMul(params.get(0).transpose()).add(params.get(1)));
      return hidden.matMul(params.get(2).transpose()).add(params.get(3));
    }
  }

  /**
   * {@code logits = flatten(maxPool(relu(conv(x))))·Wᵀ + b}, in {@link CnnModel}'s layout: the
   * kernels {@code [channels, 1, 5, 5]} (one input channel), their biases, then the dense layer.
   */
  record Cnn(CnnModel model) implements TorchNetwork {
    @Override
    public List<Shape> shapes() {
      return List.of(
          new Shape(model.channels(), 1, CnnModel.KERNEL, CnnModel.KERNEL),
          new Shape(model.channels()),
          new Shape(model.classes(), model.flattened()),
          new Shape(model.classes()));
    }

    @Override
    public NDArray logits(NDList params, NDArray x) {
      int side = model.side();
      NDArray image = x.reshape(x.getShape().get(0), 1, side, side);
      NDArray maps =
          Conv2d.conv2d(
                  image,
                  params.get(0),
                  params.get(1),
                  new Shape(1, 1),
                  new Shape(0, 0),
                  new Shape(1, 1),
                  1)
              .singletonOrThrow();
      NDArray pooled =
          Pool.maxPool2d(
              Activation.relu(maps), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
      return pooled
          .reshape(x.getShape().get(0), model.flattened())
          .matMul(params.get(2).transpose())
          .add(params.get(3));
    }
  }
}
