package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.learning.DigitsDataset;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.Keystore;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.JobState;
import network.deai.node.domain.NodeDeclaration;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.exec.HttpVerticle;
import network.deai.node.exec.Metrics;
import network.deai.node.job.JobJournal;
import network.deai.node.job.JobService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The requester's job commands, run as {@code deai job ...} against a real anvil: a round whose
 * nodes never act is settled from the command line and the refund withdrawn; an agreed round that
 * no committee member settled is recomputed and settled from the command line; a job that waits for
 * nodes says so and is cancelled; a job id that does not exist gets a one-line error.
 */
@ExtendWith(LocalChainExtension.class)
class JobCommandIT {
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private LocalChain chain;
  private TrainingJobsClient client;
  private String storeUrl = "";
  private ArtifactStore store = new ArtifactStore(Path.of("unused"));
  private Path keystoreFile = Path.of("");
  private Path passphraseFile = Path.of("");

  @BeforeEach
  void setUp(LocalChain localChain) {
    chain = localChain;
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
    client = TrainingJobsClient.connect(chain.web3j(), contract, LocalChain.CHAIN_ID);
    store = new ArtifactStore(dir.resolve("store"));
    HttpVerticle http =
        new HttpVerticle("127.0.0.1", 0, "", 1 << 24, store, () -> null, new Metrics());
    vertx.deployVerticle(http).await();
    storeUrl = "http://127.0.0.1:" + http.port();
    Credentials requester = chain.account(7);
    try {
      passphraseFile = Files.writeString(dir.resolve("passphrase"), "test passphrase");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    keystoreFile =
        new Keystore(dir.resolve("keys"), true)
            .importKey(
                org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(
                    requester.getEcKeyPair().getPrivateKey(), 64),
                "test passphrase")
            .file();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aStalledRoundIsSettledFromTheCommandLineAndTheRefundWithdrawn() {
    register(chain.account(5), 1);
    register(chain.account(6), 2);
    DeaiRun submit =
        deai(
            signed(
                "job",
                "submit",
                "--store-url",
                storeUrl,
                "--rounds",
                "1",
                "--trainers",
                "1",
                "--committee",
                "1",
                "--commit-window",
                "2",
                "--reveal-window",
                "2"));
    assertThat(submit.status()).as(submit.err()).isZero();
    assertThat(submit.out()).contains("job 1 created");
    assertThat(deai(chained("job", "status", "1")).out()).contains("stage train-commit");
    DeaiRun early = deai(signed("job", "settle", "1"));
    assertThat(early.status()).isEqualTo(2);
    assertThat(early.err()).contains("a round's verdict is recorded after its committee's reveals");

    chain.mine(12); // nobody trains or aggregates: every stage runs out
    assertThat(deai(chained("job", "status", "1")).out())
        .contains("the committee's reveals are over");
    DeaiRun settle = deai(signed("job", "settle", "1"));
    assertThat(settle.status()).as(settle.err()).isZero();
    assertThat(settle.out()).contains("job 1 round 1 settled: NoConsensus");
    assertThat(client.job(BigInteger.ONE).state()).isEqualTo(JobState.FINISHED);

    assertThat(deai(chained("job", "scores", "1")).out())
        .as("both no-shows are on record")
        .contains(chain.account(5).getAddress() + " ")
        .contains("(committee)")
        .contains("2000000000000000000 NoShow");
    DeaiRun audit =
        deai(chained("audit", "job", "1", "--cache-dir", dir.resolve("audit").toString()));
    assertThat(audit.status()).as(audit.err()).isZero();
    assertThat(audit.out()).contains("penalised").contains("re-check: OK");

    String requester = chain.account(7).getAddress();
    BigInteger owed = client.owed(requester);
    assertThat(owed).as("pool and fee").isEqualTo(ETHER.add(ETHER.divide(BigInteger.TEN)));
    assertThat(client.owed(ContractDeployer.BURN_ADDRESS))
        .as("both no-shows' penalties go to the treasury, not the requester")
        .isEqualTo(ETHER.multiply(BigInteger.valueOf(4)));
    BigInteger before = chain.balance(requester);
    DeaiRun withdraw = deai(signed("job", "withdraw"));
    assertThat(withdraw.status()).as(withdraw.err()).isZero();
    assertThat(client.owed(requester)).isZero();
    assertThat(chain.balance(requester).subtract(before)).isGreaterThan(ETHER);

    DeaiRun missing = deai(chained("job", "status", "9"));
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("no job 9 on this contract (its jobs are 1..1)");
  }

  @Test
  void anAgreedRoundThatNoMemberSettledIsRecomputedAndSettledFromTheCommandLine() {
    JobService trainer = service(chain.account(5), 1, JobService.Role.TRAINER);
    JobService member = service(chain.account(6), 2, JobService.Role.AGGREGATOR);
    DeaiRun submit =
        deai(
            signed(
                "job",
                "submit",
                "--store-url",
                storeUrl,
                "--rounds",
                "1",
                "--trainers",
                "1",
                "--committee",
                "1",
                "--commit-window",
                "20",
                "--reveal-window",
                "20"));
    assertThat(submit.status()).as(submit.err()).isZero();
    trainer.tick(); // commit
    trainer.tick(); // reveal
    member.tick(); // aggregate and commit
    member.tick(); // reveal, and then it goes away before settling
    assertThat(client.round(BigInteger.ONE, 0).aggRevealed()).isEqualTo(1);

    DeaiRun decide =
        deai(signed("job", "settle", "1", "--cache-dir", dir.resolve("cache").toString()));
    assertThat(decide.status()).as(decide.err()).isZero();
    assertThat(decide.out()).contains("job 1 round 1 decided: Agreed; it may be challenged until");
    DeaiRun early = deai(signed("job", "settle", "1"));
    assertThat(early.status()).isEqualTo(2);
    assertThat(early.err()).contains("paid out after its challenge window");
    chain.mine(21); // the challenge window is the reveal window
    DeaiRun settle =
        deai(signed("job", "settle", "1", "--cache-dir", dir.resolve("cache").toString()));
    assertThat(settle.status()).as(settle.err()).isZero();
    assertThat(settle.out()).contains("job 1 round 1 settled: Agreed");
    assertThat(client.owed(chain.account(5).getAddress()))
        .as("the trainer's pool")
        .isEqualTo(ETHER);
    assertThat(client.owed(chain.account(6).getAddress()))
        .as("the member's fee")
        .isEqualTo(ETHER.divide(BigInteger.TEN));
  }

  private JobService service(Credentials key, long gpuClass, JobService.Role role) {
    TransactionSender sender = register(key, gpuClass);
    return new JobService(
        client,
        sender,
        store,
        new ArtifactFetcher(store, 1 << 24, Duration.ofSeconds(10)),
        storeUrl,
        JobJournal.open(dir.resolve(key.getAddress() + ".journal")),
        new JobService.Settings(
            role,
            "java",
            role == JobService.Role.TRAINER ? DigitsDataset.split(7).train() : null,
            1 << 24,
            Duration.ofMillis(50)));
  }

  @Test
  void aJobThatWaitsForNodesSaysSoAndIsCancelled() {
    DeaiRun submit = deai(signed("job", "submit", "--store-url", storeUrl, "--rounds", "2"));
    assertThat(submit.status()).as(submit.err()).isZero();
    DeaiRun status = deai(chained("job", "status", "1"));
    assertThat(status.out())
        .contains("Waiting")
        .contains("waiting for its next round to be started");
    DeaiRun start = deai(signed("job", "start", "1"));
    assertThat(start.status()).isEqualTo(2);
    assertThat(start.err())
        .contains("too few free nodes for job 1: 0 trainers of class 1 are free");

    DeaiRun cancel = deai(signed("job", "cancel", "1"));
    assertThat(cancel.status()).as(cancel.err()).isZero();
    assertThat(client.job(BigInteger.ONE).state()).as("Cancelled").isEqualTo(JobState.CANCELLED);
    assertThat(client.owed(chain.account(7).getAddress()))
        .isEqualTo(ETHER.add(ETHER.divide(BigInteger.TEN)).shiftLeft(1));

    DeaiRun bad = deai(signed("job", "submit", "--store-url", storeUrl, "--rounds", "0"));
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).contains("--rounds must be 1..1000: 0");
  }

  private TransactionSender register(Credentials key, long gpuClass) {
    TransactionSender sender =
        TransactionSender.open(
            chain.web3j(),
            key,
            LocalChain.CHAIN_ID,
            dir.resolve(key.getAddress() + "-outbox"),
            Duration.ofMillis(10));
    sender.confirm(
        client.register(sender, NodeDeclaration.ofClass(gpuClass, "http://127.0.0.1:1")),
        Duration.ofSeconds(30),
        "register");
    return sender;
  }

  private String[] chained(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--rpc-url",
            chain.rpcUrl(),
            "--chain-id",
            "31337",
            "--jobs-contract",
            client.address()));
    return all.toArray(String[]::new);
  }

  private String[] signed(String... args) {
    List<String> all = new ArrayList<>(List.of(chained(args)));
    all.addAll(
        List.of(
            "--keystore-file",
            keystoreFile.toString(),
            "--passphrase-file",
            passphraseFile.toString(),
            "--data-dir",
            dir.resolve("requester").toString()));
    return all.toArray(String[]::new);
  }

  private static DeaiRun deai(String... args) {
    return DeaiRun.of(args);
  }
}
