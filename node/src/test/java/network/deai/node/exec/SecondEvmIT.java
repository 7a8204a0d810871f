package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import network.deai.contracts.testing.HardhatNode;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.TaskManagerDriver;
import network.deai.node.audit.Auditor;
import network.deai.node.audit.TaskAudit;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ResultVector;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.requester.Requester;
import network.deai.node.testing.RpcProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.http.HttpService;

/**
 * The E2E slice on a second EVM implementation: a Hardhat node (EDR), whose code shares nothing
 * with anvil. Our deployer, three workers, the requester and the auditor reach it through a proxy
 * that records every JSON-RPC method they ask for, and the test fails if one is not a standard
 * {@code eth_}, {@code net_} or {@code web3_} method. The chain mines a block every second and
 * never on demand: unlike anvil's automine, which the other ITs use, each transaction waits in the
 * pool for the next block, as on a live chain, so nonces, receipt waits and windows are exercised
 * with transactions pending.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecondEvmIT {
  private static final DigitsWorkload WORKLOAD = DigitsWorkload.train(7);
  private static final HardhatNode.Mining MINING =
      new HardhatNode.Mining(false, Duration.ofSeconds(1));

  private LocalChain chain;
  private RpcProxy proxy;
  private Web3j web3j;
  private String trainingJobs;
  private WorkerCluster cluster;
  private ArtifactRef model;
  private ArtifactRef inputs;
  private final Map<String, BigInteger> earned = new HashMap<>();

  @BeforeAll
  void startWorkersOnHardhat(@TempDir Path dir) throws Exception {
    chain = LocalChain.startHardhat(MINING);
    proxy = new RpcProxy(chain.rpcUrl());
    web3j = Web3j.build(new HttpService(proxy.url()));
    String taskManager =
        ContractDeployer.deploy(web3j, chain.account(0), LocalChain.CHAIN_ID, parameters());
    trainingJobs =
        ContractDeployer.deployTrainingJobs(
            web3j, chain.account(0), LocalChain.CHAIN_ID, parameters());
    cluster = new WorkerCluster(chain, dir, taskManager, proxy.url());
    for (int i = 0; i < 3; i++) {
      cluster.addWorker(Map.of());
    }
    model = cluster.requester.upload(WORKLOAD.model(), cluster.store());
    inputs = cluster.requester.upload(WORKLOAD.inputs(0, 20), cluster.store());
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (web3j != null) {
      web3j.shutdown();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  private static ContractDeployer.Parameters parameters() {
    return new ContractDeployer.Parameters(
        TaskManagerDriver.STAKE,
        TaskManagerDriver.SLASH,
        TaskManagerDriver.NO_SHOW,
        TaskManagerDriver.UNBONDING.longValueExact(),
        TaskManagerDriver.TREASURY,
        TaskManagerDriver.MIN_WINDOW.longValueExact(),
        TaskManagerDriver.MIN_FEE_PER_REPLICA);
  }

  @Test
  @Order(1)
  void theChainIsHardhatWhichRefusesAnvilOnlyMethods() throws Exception {
    assertThat(web3j.web3ClientVersion().send().getWeb3ClientVersion())
        .startsWith("HardhatNetwork/");
    LocalChain.MineResponse anvilOnly =
        new Request<>(
                "anvil_mine",
                List.of("0x1"),
                new HttpService(chain.rpcUrl()),
                LocalChain.MineResponse.class)
            .send();
    assertThat(anvilOnly.hasError()).as("anvil_mine is refused").isTrue();
    assertThat(anvilOnly.getError().getMessage()).contains("not supported");
    assertThat(web3j.ethGetCode(trainingJobs, DefaultBlockParameterName.LATEST).send().getCode())
        .as("TrainingJobs deployed within mainnet's code-size limit")
        .hasSizeGreaterThan(2);
  }

  @Test
  @Order(2)
  void exactTaskSettlesWithEveryReplicaPaidAndAnAuditThatChecksOut() {
    Requester.Params params = WorkerCluster.params(0, 3, 0);
    BigInteger taskId = run(spec(JsonNodeFactory.instance.objectNode()), params);

    float[] logits = ResultVector.decode(cluster.requester.result(taskId).bytes());
    assertThat(DigitsWorkload.accuracy(logits, WORKLOAD.labels(0, 20))).isGreaterThan(0.8);
    assertPaidAndAudited(taskId, params.fee());
  }

  @Test
  @Order(3)
  void similarTaskWithFloatNoiseSettlesWithinTheDistance() {
    Requester.Params params = WorkerCluster.params(1, 3, 12);
    ObjectNode noisy = JsonNodeFactory.instance.objectNode().put("emulatedNoise", 1e-5);
    BigInteger taskId = run(spec(noisy), params);

    List<TaskAudit.Replica> replicas = assertPaidAndAudited(taskId, params.fee());
    assertThat(replicas.stream().map(TaskAudit.Replica::resultDigest).distinct().count())
        .as("noise makes the raw digests differ")
        .isEqualTo(3);
  }

  @Test
  @Order(4)
  void everyoneUsedStandardJsonRpcOnly() {
    assertThat(proxy.methods())
        .as("JSON-RPC methods asked for by the deployer, workers, requester and auditor")
        .contains("eth_sendRawTransaction", "eth_getLogs", "eth_call")
        .allSatisfy(method -> assertThat(method).matches("(eth|net|web3)_[A-Za-z]+"));
    assertThat(cluster.total("rpc_errors_total")).as("RPC errors the workers saw").isZero();
  }

  private void earn(String account, BigInteger wei) {
    earned.merge(account.toLowerCase(Locale.ROOT), wei, BigInteger::add);
  }

  private TaskSpec spec(ObjectNode parameters) {
    return new TaskSpec("linear", inputs, model, parameters, 7);
  }

  /** Submits a task, waits until it is final and asserts that all three replicas settled it. */
  private BigInteger run(TaskSpec spec, Requester.Params params) {
    BigInteger taskId = cluster.requester.submit(spec, cluster.store(), params).taskId();
    Task task = cluster.requester.await(taskId, Duration.ofSeconds(30), line -> {});
    assertThat(task.state()).isEqualTo(TaskState.SETTLED);
    assertThat(task.groupSize()).isEqualTo(3);
    return taskId;
  }

  /**
   * Asserts that the auditor finds no problem, every replica was paid fee / 3 for a commitment that
   * checks out, and that each worker is owed what it earned so far and the requester the division
   * dust (fee - 3 shares) of every task.
   */
  private List<TaskAudit.Replica> assertPaidAndAudited(BigInteger taskId, BigInteger fee) {
    TaskAudit audit = new Auditor(cluster.client).task(taskId);
    BigInteger share = fee.divide(BigInteger.valueOf(3));
    assertThat(audit.problems()).isEmpty();
    assertThat(audit.replicas())
        .hasSize(3)
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isEqualTo("Paid");
              assertThat(r.commitmentChecks()).isTrue();
              assertThat(r.paid()).isEqualTo(share);
              assertThat(r.slashed()).isZero();
            });
    audit.replicas().forEach(r -> earn(r.worker(), r.paid()));
    earn(audit.requester(), fee.subtract(share.multiply(BigInteger.valueOf(3))));
    earned.forEach(
        (account, wei) -> assertThat(cluster.client.owed(account)).as(account).isEqualTo(wei));
    return audit.replicas();
  }
}
