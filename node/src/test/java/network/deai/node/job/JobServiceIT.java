package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.audit.JobAudit;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.TaskSpec;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.exec.HttpVerticle;
import network.deai.node.exec.Metrics;
import network.deai.node.learning.DataSplit;
import network.deai.node.learning.DigitsDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The trainer and aggregator roles against a real anvil, one step at a time: a trainer that is
 * restarted between its commit and its reveal reveals exactly what it committed to (from its
 * journal), and the aggregator's round passes the auditor's recomputation.
 */
@ExtendWith(LocalChainExtension.class)
class JobServiceIT {
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aRestartedTrainerRevealsWhatItCommittedAndTheRoundReChecks(LocalChain chain)
      throws Exception {
    String contract =
        ContractDeployer.deployTrainingJobs(
            chain.web3j(),
            chain.account(0),
            LocalChain.CHAIN_ID,
            new ContractDeployer.Parameters(
                ETHER.multiply(BigInteger.TEN), ETHER, ETHER.shiftLeft(1), 2));
    TrainingJobsClient client =
        TrainingJobsClient.connect(chain.web3j(), contract, LocalChain.CHAIN_ID);
    DataSplit split = DigitsDataset.split(7);
    Credentials trainerKey = chain.account(5);
    Credentials aggregatorKey = chain.account(6);
    ArtifactStore trainerStore = new ArtifactStore(dir.resolve("trainer"));
    ArtifactStore aggregatorStore = new ArtifactStore(dir.resolve("aggregator"));
    String trainerUrl = serve(trainerStore);
    String aggregatorUrl = serve(aggregatorStore);
    TransactionSender trainerSender = sender(client, trainerKey, "trainer");
    TransactionSender aggregatorSender = sender(client, aggregatorKey, "aggregator");
    trainerSender.confirm(
        client.register(trainerSender, 1, 0, trainerUrl), Duration.ofSeconds(30), "register");
    aggregatorSender.confirm(
        client.register(aggregatorSender, 2, 0, aggregatorUrl), Duration.ofSeconds(30), "register");

    BigInteger jobId = submit(client, chain.account(7), trainerStore, trainerUrl, split);
    JobService.Settings trainerSettings =
        new JobService.Settings(
            JobService.Role.TRAINER,
            JobService.Behaviour.HONEST,
            "java",
            split.train(),
            1 << 24,
            Duration.ofMillis(50));
    Path journalFile = dir.resolve("trainer.journal");
    JobJournal first = JobJournal.open(journalFile);
    new JobService(
            client,
            trainerSender,
            trainerStore,
            new ArtifactFetcher(trainerStore, 1 << 24, Duration.ofSeconds(10)),
            trainerUrl,
            first,
            trainerSettings)
        .tick();
    first.close();
    TrainingJobs.RoundView committed = client.round(jobId, 0);
    assertThat(committed.trainCommitted.intValueExact()).isEqualTo(1);
    assertThat(committed.stage.intValueExact()).as("every trainer committed").isEqualTo(1);

    JobJournal reopened = JobJournal.open(journalFile);
    String journalled =
        reopened.get(JobJournal.key(jobId, 0, "update")).orElseThrow().path("digest").asText();
    new JobService(
            client,
            trainerSender,
            trainerStore,
            new ArtifactFetcher(trainerStore, 1 << 24, Duration.ofSeconds(10)),
            trainerUrl,
            reopened,
            trainerSettings)
        .tick();
    TrainingJobs.RoundView revealed = client.round(jobId, 0);
    assertThat(revealed.trainRevealed.intValueExact()).isEqualTo(1);
    assertThat(Bytes32.wrap(revealed.updateDigests.get(0))).isEqualTo(Bytes32.fromHex(journalled));

    JobService aggregator =
        new JobService(
            client,
            aggregatorSender,
            aggregatorStore,
            new ArtifactFetcher(aggregatorStore, 1 << 24, Duration.ofSeconds(10)),
            aggregatorUrl,
            JobJournal.open(dir.resolve("aggregator.journal")),
            new JobService.Settings(
                JobService.Role.AGGREGATOR,
                JobService.Behaviour.HONEST,
                "java",
                null,
                1 << 24,
                Duration.ofMillis(50)));
    aggregator.tick(); // compute and commit
    aggregator.tick(); // reveal
    aggregator.tick(); // settle
    assertThat(client.job(jobId).state.intValueExact()).as("Finished").isEqualTo(3);
    assertThat(client.round(jobId, 0).outcome.intValueExact()).as("Agreed").isEqualTo(1);
    JobAudit audit =
        JobAudit.audit(
            client,
            JobContext.load(
                client,
                jobId,
                new ArtifactFetcher(
                    new ArtifactStore(dir.resolve("auditor")), 1 << 24, Duration.ofSeconds(10)),
                1 << 24));
    assertThat(audit.ok()).as(audit.toJson().toString()).isTrue();
    assertThat(audit.payouts().get(aggregatorKey.getAddress().toLowerCase(java.util.Locale.ROOT)))
        .isEqualTo(ETHER.divide(BigInteger.TEN));
  }

  private String serve(ArtifactStore store) {
    HttpVerticle http =
        new HttpVerticle("127.0.0.1", 0, "", 1 << 24, store, () -> null, new Metrics());
    vertx.deployVerticle(http).await();
    return "http://127.0.0.1:" + http.port();
  }

  private TransactionSender sender(TrainingJobsClient client, Credentials key, String name) {
    return TransactionSender.open(
        client.web3j(),
        key,
        client.chainId(),
        dir.resolve(name + "-outbox"),
        Duration.ofMillis(10));
  }

  private BigInteger submit(
      TrainingJobsClient client,
      Credentials requester,
      ArtifactStore store,
      String url,
      DataSplit split) {
    byte[] model = FlFiles.model(JobContext.MODEL, JobContext.MODEL.initialParameters(7));
    byte[] validation = FlFiles.dataset(split.validation());
    Bytes32 modelDigest = store.put(model);
    Bytes32 validationDigest = store.put(validation);
    TaskSpec spec =
        new TaskSpec(
            FlParameters.EXECUTOR,
            new ArtifactRef(
                validationDigest,
                validation.length,
                url + "/artifacts/" + ArtifactStore.hex(validationDigest)),
            new ArtifactRef(
                modelDigest, model.length, url + "/artifacts/" + ArtifactStore.hex(modelDigest)),
            FlParameters.digits().toJson(),
            7);
    Bytes32 specDigest = store.put(spec.canonicalBytes());
    TrainingJobs.JobParams params =
        new TrainingJobs.JobParams(
            specDigest.toArray(),
            url + "/artifacts/" + ArtifactStore.hex(specDigest),
            modelDigest.toArray(),
            BigInteger.ONE,
            BigInteger.TWO,
            BigInteger.ONE,
            BigInteger.ONE,
            BigInteger.ONE,
            BigInteger.ZERO,
            ETHER,
            ETHER.divide(BigInteger.TEN),
            BigInteger.valueOf(50),
            BigInteger.valueOf(50));
    TransactionSender sender = sender(client, requester, "requester");
    sender.confirm(
        sender.send(
            client.address(),
            ETHER.add(ETHER.divide(BigInteger.TEN)),
            client.createJobData(params),
            BigInteger.valueOf(6_000_000)),
        Duration.ofSeconds(30),
        "createJob");
    return client.jobCount();
  }
}
