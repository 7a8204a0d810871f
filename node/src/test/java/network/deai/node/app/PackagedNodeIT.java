package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.Keystore;
import network.deai.node.chain.TaskManagerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * {@code packaging/node.toml} run as its header says, against anvil: copied next to an imported
 * keystore and passphrase file, with only the chain's values (RPC URL, contract addresses) and the
 * training-job lines filled in, {@code deai node register --config} registers the node with its
 * endpoint and a node started from the same file serves {@code /health} and {@code /metrics}; and
 * every metric the Grafana dashboard in {@code packaging/grafana/deai-node.json} queries is in that
 * scrape.
 */
@ExtendWith(LocalChainExtension.class)
class PackagedNodeIT {
  private static final Path DASHBOARD = Path.of("..", "packaging", "grafana", "deai-node.json");
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final Pattern METRIC = Pattern.compile("deai_[a-z_]+");

  @TempDir Path dir;

  @Test
  void registersAndRunsFromTheExampleAndServesEveryDashboardMetric(LocalChain chain)
      throws Exception {
    TaskManagerDriver driver = TaskManagerDriver.deploy(chain);
    String jobs =
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
    Credentials key = chain.account(5);
    Path config = example(chain, driver.address(), jobs, key);

    DeaiRun register = DeaiRun.of("node", "register", "--config", config.toString());

    assertThat(register.status()).as(register.err()).isZero();
    TaskManagerClient client =
        TaskManagerClient.connect(chain.web3j(), driver.address(), LocalChain.CHAIN_ID);
    assertThat(client.node(key.getAddress()).isActive()).isTrue();
    assertThat(client.node(key.getAddress()).endpoint()).isEqualTo("http://127.0.0.1:8081");
    NodeConfig loaded = NodeConfig.load(config, Map.of("DEAI_HTTP_PORT", "0"));
    try (NodeRuntime node =
        NodeRuntime.start(loaded, NodeCommand.ConfigOption.credentials(loaded))) {
      assertThat(dir.resolve("data")).isDirectory();
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int health = get(http, node.url() + "/health").statusCode();
      while (health != 200 && System.nanoTime() < deadline) {
        chain.mine(1);
        Thread.sleep(200);
        health = get(http, node.url() + "/health").statusCode();
      }
      assertThat(health).isEqualTo(200);
      String scrape = get(http, node.url() + "/metrics").body();

      assertThat(names(scrape)).containsAll(dashboardMetrics());
      assertThat(scrape)
          .contains("deai_job_rounds_aggregated_total 0\n")
          .contains("deai_tasks_closed_total 0\n");
    }
  }

  /** The example as an operator fills it in from {@code deai chain start}'s output. */
  private Path example(LocalChain chain, String contract, String jobs, Credentials key)
      throws Exception {
    Files.writeString(dir.resolve("passphrase.txt"), "a passphrase\n");
    Path imported =
        new Keystore(dir.resolve("keystore"), true)
            .importKey(
                Numeric.toHexStringNoPrefixZeroPadded(key.getEcKeyPair().getPrivateKey(), 64),
                "a passphrase")
            .file();
    Files.move(imported, dir.resolve("keystore/node.json"));
    String text =
        Files.readString(PackagedNodeConfigTest.EXAMPLE)
            .replace("http://127.0.0.1:8545", chain.rpcUrl())
            .replace("0x5FbDB2315678afecb367f032d93F642f64180aa3", contract)
            .replace(
                "# jobs_contract = \"0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512\"",
                "jobs_contract = \"" + jobs + "\"")
            .replace("# job_role = \"trainer\"", "job_role = \"aggregator\"");
    assertThat(text).contains("jobs_contract = \"" + jobs).contains("job_role = \"aggregator\"");
    return Files.writeString(dir.resolve("node.toml"), text);
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Set<String> names(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  private static Set<String> dashboardMetrics() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    Set<String> names = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        names.addAll(names(target.path("expr").asText()));
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      names.addAll(names(variable.path("definition").asText()));
    }
    assertThat(names).hasSizeGreaterThan(20);
    return names;
  }
}
