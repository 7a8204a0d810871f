package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import network.deai.contracts.anvil.Anvil;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.TaskManagerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * The books check counts a check however many blocks land while it reads, because every read is
 * pinned to one block; and it still catches a contract whose balance does not match its books.
 */
class BooksCheckIT {
  private static final int NODES = 3;
  private static final int BYSTANDERS = 200;

  @TempDir Path dir;

  private Anvil anvil;
  private Web3j web3j;
  private TaskManagerClient client;
  private List<String> accounts;

  @BeforeEach
  void deployAndRegister() {
    anvil = Anvil.start(NODES + 1, 31337, 0);
    web3j = NodeRuntime.connect(anvil.rpcUrl());
    List<Credentials> keys = anvil.privateKeys().stream().map(Credentials::create).toList();
    String contract =
        ContractDeployer.deploy(web3j, keys.get(0), anvil.chainId(), Devnet.parameters());
    client = TaskManagerClient.connect(web3j, contract, anvil.chainId());
    List<Credentials> nodes = keys.subList(1, keys.size());
    NodeConfig worker =
        NodeConfig.inProcess(anvil.rpcUrl(), anvil.chainId(), contract, dir, Map.of());
    Devnet.registerAll(client, nodes, worker, dir);
    accounts = new ArrayList<>();
    nodes.forEach(k -> accounts.add(k.getAddress().toLowerCase(Locale.ROOT)));
    for (int i = 0; i < BYSTANDERS; i++) {
      accounts.add(String.format(Locale.ROOT, "0x%040x", i + 1));
    }
  }

  @AfterEach
  void stop() {
    web3j.shutdown();
    anvil.close();
  }

  @Test
  void countsEveryCheckWhileBlocksLandMidCheck() throws Exception {
    BooksCheck books = new BooksCheck(client, accounts, List.of());
    long before = client.blockNumber();

    try (AutoCloseable miner = mineContinuously()) {
      books.checkNewest();
      books.checkNewest();
    }

    assertThat(books.lastError()).isNull();
    assertThat(books.checks()).isEqualTo(2);
    assertThat(books.violations()).isEmpty();
    assertThat(client.blockNumber()).isGreaterThan(before + 2);
  }

  @Test
  void reportsABalanceTheBooksDoNotExplain() {
    rpc("anvil_setBalance", List.of(client.address(), "0x1"));
    BooksCheck books = new BooksCheck(client, accounts, List.of());

    books.checkNewest();

    assertThat(books.checks()).isOne();
    assertThat(books.violations()).singleElement().asString().contains("balance 1 != held");
  }

  /** Mines blocks back to back until closed. */
  private AutoCloseable mineContinuously() {
    AtomicBoolean stopped = new AtomicBoolean();
    Thread miner =
        Thread.ofPlatform()
            .daemon()
            .name("miner")
            .start(
                () -> {
                  while (!stopped.get()) {
                    rpc("evm_mine", List.of());
                  }
                });
    return () -> {
      stopped.set(true);
      miner.join(5_000);
    };
  }

  private void rpc(String method, List<?> params) {
    try {
      new Request<>(method, params, new HttpService(anvil.rpcUrl()), Mined.class).send();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Any JSON-RPC answer. */
  public static final class Mined extends Response<Object> {}
}
