package network.deai.bench;

import network.deai.learning.DataSplit;
import network.deai.learning.DigitsDataset;
import network.deai.learning.FashionMnist;
import network.deai.learning.Model;
import network.deai.learning.SoftmaxModel;
import network.deai.learning.TrainingConfig;

/**
 * A data set for the federated benches, with the model and local training that fit it.
 *
 * @param name how the command line names it
 * @param split train (sharded across trainers), validation (the committee's) and test rows
 * @param model the model trained
 * @param local local training per round
 */
public record BenchData(String name, DataSplit split, Model model, TrainingConfig local) {

  /** The bundled digits: 1,797 rows split 60 / 20 / 20. */
  public static BenchData digits(long seed) {
    return new BenchData(
        "digits", DigitsDataset.split(seed), SoftmaxModel.digits(), TrainingConfig.digitsLocal());
  }

  /**
   * Fashion-MNIST's default subset (6,000 / 1,000 / 1,000).
   *
   * @throws java.io.UncheckedIOException saying how to install the data when it is missing
   */
  public static BenchData fashionMnist(long seed) {
    return new BenchData(
        "fashion-mnist",
        FashionMnistFiles.load(seed),
        FashionMnist.softmax(),
        FashionMnist.local());
  }
}
