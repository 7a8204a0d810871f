package network.deai.node.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.learning.DataSplit;
import network.deai.learning.DigitsDataset;
import network.deai.node.audit.JobAudit;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.RoundStarter;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.JobState;
import network.deai.node.domain.NodeDeclaration;
import network.deai.node.domain.Round;
import network.deai.node.domain.RoundOutcome;
import network.deai.node.domain.Stage;
import network.deai.node.domain.TaskSpec;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.exec.HttpVerticle;
import network.deai.node.exec.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The trainer and aggregator roles against a real anvil, one step at a time: a trainer that is
 * restarted between its commit and its reveal reveals exactly what it committed to (from its
 * journal), and the aggregator's round passes the auditor's recomputation; a job whose inputs are
 * unusable is refused on record (nobody penalised, the refusing trainer paid); and the committee
 * waits for an update that cannot be fetched yet instead of flagging its trainer.
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
    Network net = network(chain);
    BigInteger jobId =
        submit(net.client, chain.account(7), net.trainerStore, net.trainerUrl, validJob());
    Path journalFile = dir.resolve("trainer.journal");
    JobJournal first = JobJournal.open(journalFile);
    trainer(net, first, net.trainerUrl).tick();
    first.close();
    Round committed = net.client.round(jobId, 0);
    assertThat(committed.trainCommitted()).isEqualTo(1);
    assertThat(committed.stage()).as("every trainer committed").isEqualTo(Stage.TRAIN_REVEAL);

    JobJournal reopened = JobJournal.open(journalFile);
    Bytes32 journalled = reopened.update(jobId, 0).orElseThrow().digest();
    trainer(net, reopened, net.trainerUrl).tick();
    Round revealed = net.client.round(jobId, 0);
    assertThat(revealed.trainRevealed()).isEqualTo(1);
    assertThat(revealed.updateDigests().get(0)).isEqualTo(journalled);

    JobService aggregator = aggregator(net);
    aggregator.tick(); // compute and commit
    aggregator.tick(); // reveal
    aggregator.tick(); // record the verdict
    payOut(chain, net, aggregator, jobId);
    assertThat(net.client.job(jobId).state()).as("Finished").isEqualTo(JobState.FINISHED);
    assertThat(net.client.round(jobId, 0).outcome()).as("Agreed").isEqualTo(RoundOutcome.AGREED);
    JobAudit audit = audit(net, jobId);
    assertThat(audit.ok()).as(audit.toJson().toString()).isTrue();
    assertThat(audit.payouts().get(address(net.aggregatorKey)))
        .isEqualTo(ETHER.divide(BigInteger.TEN));
  }

  @Test
  void anMlpJobIsTrainedAgreedPaidAndAudited(LocalChain chain) throws Exception {
    Network net = network(chain);
    FlParameters mlp = FlParameters.digits().withArchitecture("mlp:16");
    BigInteger jobId =
        submit(net.client, chain.account(7), net.trainerStore, net.trainerUrl, validJob(), mlp);
    JobService trainer = trainer(net, JobJournal.open(dir.resolve("t.journal")), net.trainerUrl);
    trainer.tick(); // train and commit
    trainer.tick(); // reveal
    assertThat(net.client.round(jobId, 0).trainRevealed()).isEqualTo(1);

    JobService aggregator = aggregator(net);
    aggregator.tick(); // compute and commit
    aggregator.tick(); // reveal
    aggregator.tick(); // record the verdict
    payOut(chain, net, aggregator, jobId);
    assertThat(net.client.round(jobId, 0).outcome()).as("Agreed").isEqualTo(RoundOutcome.AGREED);
    Bytes32 trained = net.client.job(jobId).modelDigest();
    float[] params = FlFiles.readModel(mlp.model(), net.aggregatorStore.get(trained).orElseThrow());
    assertThat(params).hasSize(16 * 65 + 10 * 17);
    JobAudit audit = audit(net, jobId);
    assertThat(audit.ok()).as(audit.toJson().toString()).isTrue();
  }

  @Test
  void aJobWithABadValidationSetIsRefusedOnRecordWithoutPenalisingAnyone(LocalChain chain)
      throws Exception {
    Network net = network(chain);
    Credentials requester = chain.account(7);
    byte[] notADataset = "these bytes are not a safetensors file".getBytes(UTF_8);
    BigInteger jobId = submit(net.client, requester, net.trainerStore, net.trainerUrl, notADataset);
    BigInteger requesterBefore = net.client.owed(requester.getAddress());

    JobService trainer = trainer(net, JobJournal.open(dir.resolve("t.journal")), net.trainerUrl);
    trainer.tick(); // refuse: commit to the rejection document
    trainer.tick(); // reveal it
    Round revealed = net.client.round(jobId, 0);
    assertThat(revealed.trainRevealed()).as("the trainer is on record").isEqualTo(1);
    assertThat(revealed.updateDigests().get(0))
        .isEqualTo(Hashes.sha256("{\"rejected\":\"bad-input\"}".getBytes(UTF_8)));

    JobService aggregator = aggregator(net);
    aggregator.tick();
    aggregator.tick();
    aggregator.tick();
    payOut(chain, net, aggregator, jobId);
    Round settled = net.client.round(jobId, 0);
    assertThat(settled.outcome()).as("Agreed on the refusal").isEqualTo(RoundOutcome.AGREED);
    assertThat(settled.modelDigest())
        .as("the model stays as it was")
        .isEqualTo(net.client.job(jobId).modelDigest());
    assertThat(settled.flaggedMask()).isZero();
    // The refusal scores every trainer 1, so the trainers that revealed (here the one that checked
    // the inputs and refused them) share the pool: a bad job costs its requester the pool.
    assertThat(net.client.owed(net.trainerKey.getAddress()))
        .as("the refusing trainer is paid the pool")
        .isEqualTo(ETHER);
    assertThat(net.client.node(net.trainerKey.getAddress()).stake())
        .as("not penalised")
        .isEqualTo(ETHER.multiply(BigInteger.TEN));
    assertThat(net.client.owed(requester.getAddress()).subtract(requesterBefore))
        .as("only the unearned committee fee goes back to the requester")
        .isLessThan(ETHER);
    JobAudit audit = audit(net, jobId);
    assertThat(audit.ok()).as(audit.toJson().toString()).isTrue();
  }

  @Test
  void theCommitteeWaitsForAnUpdateThatIsNotServedYet(LocalChain chain) throws Exception {
    Network net = network(chain);
    BigInteger jobId =
        submit(net.client, chain.account(7), net.trainerStore, net.trainerUrl, validJob());
    // The trainer announces a store that does not hold its update yet.
    ArtifactStore late = new ArtifactStore(dir.resolve("late"));
    String lateUrl = serve(late);
    JobService trainer = trainer(net, JobJournal.open(dir.resolve("t.journal")), lateUrl);
    trainer.tick();
    trainer.tick();
    JobService aggregator = aggregator(net);
    aggregator.tick();
    assertThat(net.client.round(jobId, 0).aggCommitted())
        .as("no commit while the update cannot be fetched and the stage has blocks left")
        .isZero();

    Bytes32 update = net.client.round(jobId, 0).updateDigests().get(0);
    late.put(net.trainerStore.get(update).orElseThrow());
    aggregator.tick(); // commit
    aggregator.tick(); // reveal
    aggregator.tick(); // record the verdict
    payOut(chain, net, aggregator, jobId);
    Round settled = net.client.round(jobId, 0);
    assertThat(settled.outcome()).as("Agreed").isEqualTo(RoundOutcome.AGREED);
    assertThat(settled.flaggedMask()).as("the late update counts").isZero();
    assertThat(net.client.owed(net.trainerKey.getAddress())).isEqualTo(ETHER);
  }

  /**
   * Lets the recorded verdict's challenge window pass unchallenged; the aggregator, whose aggregate
   * is the verdict, then pays the round out.
   */
  private static void payOut(
      LocalChain chain, Network net, JobService aggregator, BigInteger jobId) {
    Round decided = net.client.round(jobId, 0);
    assertThat(decided.stage()).as("challengeable").isEqualTo(Stage.CHALLENGE);
    chain.mine(decided.deadline() + 1 - chain.blockNumber());
    aggregator.tick();
    assertThat(net.client.round(jobId, 0).stage()).as("paid out").isEqualTo(Stage.SETTLED);
  }

  /** Two registered nodes, a trainer and an aggregator, each with its own served store. */
  private record Network(
      TrainingJobsClient client,
      DataSplit split,
      Credentials trainerKey,
      Credentials aggregatorKey,
      ArtifactStore trainerStore,
      ArtifactStore aggregatorStore,
      String trainerUrl,
      String aggregatorUrl,
      TransactionSender trainerSender,
      TransactionSender aggregatorSender) {}

  private Network network(LocalChain chain) {
    String contract =
        ContractDeployer.deployTrainingJobs(
            chain.web3j(),
            chain.account(0),
            LocalChain.CHAIN_ID,
            new ContractDeployer.Parameters(
                ETHER.multiply(BigInteger.TEN),
                ETHER,
                ETHER.shiftLeft(1),
                2,
                ContractDeployer.BURN_ADDRESS,
                1,
                BigInteger.ONE));
    TrainingJobsClient client =
        TrainingJobsClient.connect(chain.web3j(), contract, LocalChain.CHAIN_ID);
    ArtifactStore trainerStore = new ArtifactStore(dir.resolve("trainer"));
    ArtifactStore aggregatorStore = new ArtifactStore(dir.resolve("aggregator"));
    String trainerUrl = serve(trainerStore);
    String aggregatorUrl = serve(aggregatorStore);
    TransactionSender trainerSender = sender(client, chain.account(5), "trainer");
    TransactionSender aggregatorSender = sender(client, chain.account(6), "aggregator");
    trainerSender.confirm(
        client.register(trainerSender, NodeDeclaration.ofClass(1, trainerUrl)),
        Duration.ofSeconds(30),
        "register");
    aggregatorSender.confirm(
        client.register(aggregatorSender, NodeDeclaration.ofClass(2, aggregatorUrl)),
        Duration.ofSeconds(30),
        "register");
    return new Network(
        client,
        DigitsDataset.split(7),
        chain.account(5),
        chain.account(6),
        trainerStore,
        aggregatorStore,
        trainerUrl,
        aggregatorUrl,
        trainerSender,
        aggregatorSender);
  }

  private JobService trainer(Network net, JobJournal journal, String artifactBaseUrl) {
    return new JobService(
        net.client,
        net.trainerSender,
        net.trainerStore,
        new ArtifactFetcher(net.trainerStore, 1 << 24, Duration.ofSeconds(10)),
        artifactBaseUrl,
        journal,
        new JobService.Settings(
            JobService.Role.TRAINER, "java", net.split.train(), 1 << 24, Duration.ofMillis(50)));
  }

  private JobService aggregator(Network net) {
    return new JobService(
        net.client,
        net.aggregatorSender,
        net.aggregatorStore,
        new ArtifactFetcher(net.aggregatorStore, 1 << 24, Duration.ofSeconds(10)),
        net.aggregatorUrl,
        JobJournal.open(dir.resolve("aggregator.journal")),
        new JobService.Settings(
            JobService.Role.AGGREGATOR, "java", null, 1 << 24, Duration.ofMillis(50)));
  }

  private JobAudit audit(Network net, BigInteger jobId) {
    ArtifactFetcher fetcher =
        new ArtifactFetcher(
            new ArtifactStore(dir.resolve("auditor")), 1 << 24, Duration.ofSeconds(10));
    return JobAudit.audit(net.client, jobId, JobContext.open(net.client, jobId, fetcher, 1 << 24));
  }

  private static String address(Credentials key) {
    return key.getAddress().toLowerCase(java.util.Locale.ROOT);
  }

  private static byte[] validJob() {
    return FlFiles.dataset(DigitsDataset.split(7).validation());
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
      byte[] validation) {
    return submit(client, requester, store, url, validation, FlParameters.digits());
  }

  private BigInteger submit(
      TrainingJobsClient client,
      Credentials requester,
      ArtifactStore store,
      String url,
      byte[] validation,
      FlParameters parameters) {
    byte[] model = FlFiles.model(parameters.model(), parameters.model().initialParameters(7));
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
            parameters.toJson(),
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
    BigInteger jobId = client.jobCount();
    new RoundStarter(client, sender).untilSent(jobId, 5);
    return jobId;
  }
}
