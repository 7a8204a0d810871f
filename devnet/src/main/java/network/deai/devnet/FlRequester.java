package network.deai.devnet;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.learning.DataSplit;
import network.deai.node.chain.RoundStarter;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.TaskSpec;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.job.FlFiles;
import network.deai.node.job.FlParameters;
import org.web3j.crypto.Credentials;

/**
 * The devnet's requester for the federated job: 1 ETH per round for trainers, 0.1 for the
 * committee.
 */
final class FlRequester {
  private FlRequester() {}

  /**
   * Uploads the initial model, validation set and spec (with {@code parameters}, which name the
   * data set and so the model) to {@code store} and creates the job.
   */
  static BigInteger submit(
      TrainingJobsClient client,
      Credentials requester,
      ArtifactStore store,
      String url,
      DataSplit split,
      FlParameters parameters,
      FlDevnet.Options options,
      Path workDir) {
    float[] initial = parameters.model().initialParameters(options.seed());
    byte[] modelFile = FlFiles.model(parameters.model(), initial);
    byte[] validationFile = FlFiles.dataset(split.validation());
    Bytes32 model = store.put(modelFile);
    Bytes32 validation = store.put(validationFile);
    TaskSpec spec =
        new TaskSpec(
            FlParameters.EXECUTOR,
            ref(url, validation, validationFile.length),
            ref(url, model, modelFile.length),
            parameters.toJson(),
            options.seed());
    byte[] specFile = spec.canonicalBytes();
    Bytes32 specDigest = store.put(specFile);
    BigInteger pool = Devnet.ETHER;
    BigInteger fee = Devnet.ETHER.divide(BigInteger.TEN);
    TrainingJobs.JobParams params =
        new TrainingJobs.JobParams(
            specDigest.toArray(),
            url + "/artifacts/" + ArtifactStore.hex(specDigest),
            model.toArray(),
            BigInteger.valueOf(FlDevnet.TRAINER_CLASS),
            BigInteger.valueOf(FlDevnet.AGGREGATOR_CLASS),
            BigInteger.valueOf(options.rounds()),
            BigInteger.valueOf(options.trainers()),
            BigInteger.valueOf(options.aggregators()),
            BigInteger.ZERO,
            pool,
            fee,
            // The commit stages end early once everyone committed; an MLP's committee needs longer.
            BigInteger.valueOf(60 * FlDevnet.slowdown(parameters.architecture())),
            // Reveals are one transaction each; the reveal window is also the challenge window
            // that delays each round's payout.
            BigInteger.valueOf(12));
    TransactionSender sender =
        TransactionSender.open(
            client.web3j(),
            requester,
            client.chainId(),
            workDir.resolve("requester-outbox"),
            Duration.ofMillis(20));
    BigInteger escrow = pool.add(fee).multiply(BigInteger.valueOf(options.rounds()));
    String data = client.createJobData(params);
    client
        .simulate(requester.getAddress(), data, escrow)
        .ifPresent(
            e -> {
              throw new IllegalStateException("createJob would revert: " + e.describe());
            });
    sender.confirm(
        sender.send(client.address(), escrow, data, BigInteger.valueOf(6_000_000)),
        Duration.ofMinutes(2),
        "createJob");
    BigInteger jobId = client.jobCount();
    // Later rounds are started by the idle nodes; the first one by the requester, at once.
    new RoundStarter(client, sender).untilSent(jobId, 5);
    return jobId;
  }

  private static ArtifactRef ref(String url, Bytes32 digest, long size) {
    return new ArtifactRef(digest, size, url + "/artifacts/" + ArtifactStore.hex(digest));
  }
}
