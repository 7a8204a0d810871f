package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import network.deai.contracts.gen.TaskManager;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import network.deai.node.chain.Keystore;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Three nodes set up as the README's "From zero to three nodes" says, each with its own node.toml,
 * HTTP port and {@code public_url} (a name other than the 127.0.0.1 a default would use, so that
 * the test can tell them apart), on one anvil and loopback only: {@code deai node register} records
 * each node's {@code public_url} as its endpoint on chain, the spec's artifacts point at the store
 * the requester uploaded to, every replica's revealed result URL points at its own node's {@code
 * public_url}, and {@code deai task submit --wait} settles the task and fetches the verified result
 * through one of them; {@code deai task result --labels} decodes it: logits and top label per row
 * (the model's classes read from the spec's model), against the true labels.
 */
@ExtendWith(LocalChainExtension.class)
class DistinctEndpointsIT {
  private static final String PASSPHRASE = "test passphrase";
  private static final String REVEALED = EventEncoder.encode(TaskManager.REVEALED_EVENT);

  @TempDir Path dir;

  @Test
  void eachNodeRegistersAndServesFromItsOwnPublicUrl(LocalChain chain) throws Exception {
    TaskManagerDriver tm = TaskManagerDriver.deploy(chain);
    TaskManagerClient client =
        TaskManagerClient.connect(chain.web3j(), tm.address(), LocalChain.CHAIN_ID);
    Files.writeString(dir.resolve("pass.txt"), PASSPHRASE + "\n");
    Map<String, String> publicUrls = new HashMap<>();
    List<NodeRuntime> nodes = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread blocks = Thread.ofPlatform().daemon().name("blocks").start(() -> mine(chain, stop));
    try {
      for (int n = 1; n <= 3; n++) {
        Credentials key = chain.account(n);
        String publicUrl = "http://localhost:" + freePort();
        Path config = nodeToml(chain, tm, key, n, publicUrl);

        DeaiRun register = DeaiRun.of("node", "register", "--config", config.toString());

        assertThat(register.status()).as(register.err()).isZero();
        assertThat(client.node(key.getAddress()).endpoint()).isEqualTo(publicUrl);
        NodeConfig loaded = NodeConfig.load(config, Map.of());
        NodeRuntime node = NodeRuntime.start(loaded, NodeCommand.ConfigOption.credentials(loaded));
        nodes.add(node);
        assertThat(node.url()).isEqualTo(publicUrl);
        publicUrls.put(key.getAddress().toLowerCase(Locale.ROOT), publicUrl);
      }
      String store = nodes.get(1).url();

      DeaiRun submit = submit(chain, tm, store);

      assertThat(submit.status()).as(submit.out() + submit.err()).isZero();
      assertThat(submit.out()).contains("saved " + dir.resolve("result.bin"));
      java.math.BigInteger taskId = java.math.BigInteger.ONE;
      assertThat(client.task(taskId).state()).isEqualTo(TaskState.SETTLED);
      assertThat(client.taskCreated(taskId).specURI).startsWith(store + "/");
      Map<String, String> resultUrls = resultUrls(client, taskId);
      assertThat(resultUrls).hasSize(3);
      resultUrls.forEach((worker, url) -> assertThat(url).startsWith(publicUrls.get(worker) + "/"));
      String from = submit.out().lines().filter(l -> l.startsWith("from ")).findFirst().orElse("");
      assertThat(resultUrls.values()).contains(from.substring("from ".length()));
      assertThat(Files.size(dir.resolve("result.bin"))).isEqualTo(4 * Float.BYTES);
      assertThat(submit.out())
          .contains("2 rows x 2 logits (raw float32, little-endian)")
          .contains("row 0: top label 1  logits [7.5000, 15.5000]")
          .contains("row 1: top label 0  logits [-2.5000, -6.5000]");
      Path labels = Files.writeString(dir.resolve("labels.txt"), "1 1\n");

      DeaiRun result =
          DeaiRun.of(
              "task",
              "result",
              "1",
              "--labels",
              labels.toString(),
              "--rpc-url",
              chain.rpcUrl(),
              "--contract",
              tm.address());

      assertThat(result.status()).as(result.err()).isZero();
      assertThat(result.out())
          .contains("(16 bytes, verified)")
          .contains("row 0: top label 1, true label 1  logits [7.5000, 15.5000]")
          .contains("row 1: top label 0, true label 1 (wrong)  logits [-2.5000, -6.5000]")
          .contains("top label is the true label in 1 of 2 rows");
    } finally {
      stop.set(true);
      blocks.join(5_000);
      nodes.forEach(NodeRuntime::close);
    }
  }

  /** Each revealing replica's result URL, by its address in lower case. */
  private static Map<String, String> resultUrls(TaskManagerClient client, java.math.BigInteger id) {
    Map<String, String> urls = new HashMap<>();
    for (Log log : client.taskLogs(id)) {
      if (log.getTopics().get(0).equals(REVEALED)) {
        TaskManager.RevealedEventResponse reveal = TaskManager.getRevealedEventFromLog(log);
        urls.put(reveal.worker.toLowerCase(Locale.ROOT), reveal.resultURI);
      }
    }
    return urls;
  }

  private DeaiRun submit(LocalChain chain, TaskManagerDriver tm, String store) throws Exception {
    Path model =
        Files.write(
            dir.resolve("model.safetensors"),
            Safetensors.write(
                Map.of(
                    "weight",
                    new Safetensors.Tensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                    "bias",
                    new Safetensors.Tensor(new int[] {2}, new float[] {0.5f, -0.5f}))));
    Path inputs =
        Files.write(
            dir.resolve("inputs.safetensors"),
            Safetensors.write(
                Map.of(
                    "inputs",
                    new Safetensors.Tensor(new int[] {2, 3}, new float[] {1, 0, 2, 0, 0, -1}))));
    return DeaiRun.of(
        "task",
        "submit",
        "--model",
        model.toString(),
        "--inputs",
        inputs.toString(),
        "--upload-to",
        store,
        "--commit-window",
        "20",
        "--reveal-window",
        "20",
        "--wait",
        "--out",
        dir.resolve("result.bin").toString(),
        "--rpc-url",
        chain.rpcUrl(),
        "--contract",
        tm.address(),
        "--keystore-file",
        keystore(chain.account(9), "requester").toString(),
        "--passphrase-file",
        dir.resolve("pass.txt").toString(),
        "--data-dir",
        dir.resolve("requester-data").toString());
  }

  /** node-n.toml as the README writes it, with its own port and public URL. */
  private Path nodeToml(
      LocalChain chain, TaskManagerDriver tm, Credentials key, int n, String publicUrl)
      throws Exception {
    int port = Integer.parseInt(publicUrl.substring(publicUrl.lastIndexOf(':') + 1));
    return Files.writeString(
        dir.resolve("node-" + n + ".toml"),
        String.join(
            "\n",
            "rpc_url = \"" + chain.rpcUrl() + "\"",
            "chain_id = 31337",
            "contract = \"" + tm.address() + "\"",
            "keystore_file = \"" + dir.relativize(keystore(key, "keys-" + n)) + "\"",
            "passphrase_file = \"pass.txt\"",
            "data_dir = \"node-" + n + "-data\"",
            "http_host = \"127.0.0.1\"",
            "http_port = " + port,
            "public_url = \"" + publicUrl + "\"",
            "poll_interval_ms = 100",
            ""));
  }

  private Path keystore(Credentials key, String folder) throws Exception {
    return new Keystore(dir.resolve(folder), true)
        .importKey(
            Numeric.toHexStringNoPrefixZeroPadded(key.getEcKeyPair().getPrivateKey(), 64),
            PASSPHRASE)
        .file();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A block every 250 ms until {@code stop}, as {@code deai chain start}'s interval mining. */
  private static void mine(LocalChain chain, AtomicBoolean stop) {
    while (!stop.get()) {
      chain.mine(1);
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
