package network.deai.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Set;

/**
 * Ways a worker could save compute on the PP-OCRv4 recognition task and still return a plausible
 * result; each gives the model a cheater would run and the image it would read. The weight cheats
 * keep float32 storage (the graph and its cost stay the same here; a real cheater would run the
 * lower-precision kernels), the block cheats zero a residual branch's output projection, which
 * gives exactly the outputs of the model without that branch.
 */
public enum ModelCheat {
  /** Every float weight rounded to the nearest fp16 value. */
  FP16_WEIGHTS("fp16-weights"),
  /**
   * Every weight matrix and kernel (rank 2 and more) rounded to int8 precision, symmetric per
   * tensor (scale = max |w| / 127); biases and normalisation parameters stay float32, as int8
   * quantisers keep them.
   */
  INT8_WEIGHTS("int8-weights"),
  /**
   * As {@link #INT8_WEIGHTS} with one scale per output channel (a kernel's first dimension, a
   * matrix's last), as production int8 quantisers do for weights.
   */
  INT8_PER_CHANNEL("int8-per-channel-weights"),
  /** The line image scaled to half size and back (bilinear) before preprocessing. */
  HALF_RESOLUTION("half-resolution-input"),
  /** The last SVTR block of the neck skipped (its attention and MLP branches add nothing). */
  SKIP_LAST_BLOCK("skip-last-svtr-block"),
  /** Both SVTR blocks of the neck skipped. */
  SKIP_NECK_BLOCKS("skip-both-svtr-blocks");

  /** The residual branches' output projections (weights and biases) of the second SVTR block. */
  static final Set<String> LAST_BLOCK =
      Set.of("linear_82.w_0", "linear_82.b_0", "linear_84.w_0", "linear_84.b_0");

  /** The same for both SVTR blocks. */
  static final Set<String> BOTH_BLOCKS =
      Set.of(
          "linear_78.w_0",
          "linear_78.b_0",
          "linear_80.w_0",
          "linear_80.b_0",
          "linear_82.w_0",
          "linear_82.b_0",
          "linear_84.w_0",
          "linear_84.b_0");

  private final String id;

  ModelCheat(String id) {
    this.id = id;
  }

  /** The name the bench prints. */
  public String id() {
    return id;
  }

  /** The model the cheater runs instead of {@code honest}. */
  public byte[] model(byte[] honest) {
    return switch (this) {
      case FP16_WEIGHTS -> ModelWeights.rewrite(honest, (n, d, v) -> roundToFp16(v)).bytes();
      case INT8_WEIGHTS -> ModelWeights.rewrite(honest, (n, d, v) -> int8(d, v)).bytes();
      case INT8_PER_CHANNEL ->
          ModelWeights.rewrite(honest, (n, d, v) -> int8PerChannel(d, v)).bytes();
      case HALF_RESOLUTION -> honest;
      case SKIP_LAST_BLOCK -> zero(honest, LAST_BLOCK);
      case SKIP_NECK_BLOCKS -> zero(honest, BOTH_BLOCKS);
    };
  }

  /** The image the cheater reads instead of {@code honest}. */
  public BufferedImage image(BufferedImage honest) {
    if (this != HALF_RESOLUTION) {
      return honest;
    }
    int width = honest.getWidth();
    int height = honest.getHeight();
    return scale(scale(honest, Math.max(1, width / 2), Math.max(1, height / 2)), width, height);
  }

  /** Rounds every value to the nearest IEEE binary16 value (ties to even), kept as float. */
  static void roundToFp16(float[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = Float.float16ToFloat(Float.floatToFloat16(values[i]));
    }
  }

  /** Rounds a tensor of rank 2 or more to 255 symmetric levels of its largest magnitude. */
  static void int8(long[] dims, float[] values) {
    if (dims.length < 2) {
      return;
    }
    float max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    if (max == 0 || !Float.isFinite(max)) {
      return;
    }
    float scale = max / 127f;
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.max(-127, Math.min(127, Math.round(values[i] / scale))) * scale;
    }
  }

  /**
   * Rounds a tensor of rank 2 or more to 255 symmetric levels per output channel: rank 2 [in, out]
   * (a MatMul weight) has a scale per column, higher ranks [out, …] (a Conv kernel) one per first
   * index.
   */
  static void int8PerChannel(long[] dims, float[] values) {
    if (dims.length < 2) {
      return;
    }
    boolean matrix = dims.length == 2;
    int channels = (int) (matrix ? dims[1] : dims[0]);
    int stride = values.length / channels;
    float[] max = new float[channels];
    for (int i = 0; i < values.length; i++) {
      int c = matrix ? i % channels : i / stride;
      max[c] = Math.max(max[c], Math.abs(values[i]));
    }
    for (int i = 0; i < values.length; i++) {
      int c = matrix ? i % channels : i / stride;
      if (max[c] > 0 && Float.isFinite(max[c])) {
        float scale = max[c] / 127f;
        values[i] = Math.max(-127, Math.min(127, Math.round(values[i] / scale))) * scale;
      }
    }
  }

  private static byte[] zero(byte[] honest, Set<String> names) {
    java.util.Set<String> zeroed = new java.util.HashSet<>();
    byte[] model =
        ModelWeights.rewrite(
                honest,
                (name, dims, values) -> {
                  if (names.contains(name)) {
                    java.util.Arrays.fill(values, 0f);
                    zeroed.add(name);
                  }
                })
            .bytes();
    if (!zeroed.equals(names)) {
      throw new IllegalStateException(
          "the model is not PP-OCRv4 recognition: tensors " + names + " not all found");
    }
    return model;
  }

  private static BufferedImage scale(BufferedImage image, int width, int height) {
    BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = scaled.createGraphics();
    try {
      graphics.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      graphics.drawImage(image, 0, 0, width, height, null);
    } finally {
      graphics.dispose();
    }
    return scaled;
  }
}
