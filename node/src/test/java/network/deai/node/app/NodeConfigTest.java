package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
  @TempDir Path dir;

  private Path toml(String text) throws Exception {
    Path file = dir.resolve("node.toml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void readsTheFileThenLetsTheEnvironmentOverride() throws Exception {
    Path file =
        toml(
            """
            chain_id = 31337
            contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
            keystore_file = "keys/node.json"
            http_port = 9000
            [process]
            time_limit_ms = 5000
            [process.commands]
            echo = ["python3", "echo.py"]
            """);
    NodeConfig config =
        NodeConfig.load(file, Map.of("DEAI_HTTP_PORT", "9100", "DEAI_PARALLELISM", "5"));
    assertThat(config.httpPort()).isEqualTo(9100);
    assertThat(config.rpcUrl()).isEqualTo("http://127.0.0.1:8545");
    assertThat(config.parallelism()).isEqualTo(5);
    assertThat(config.processCommands()).containsEntry("echo", List.of("python3", "echo.py"));
    assertThat(config.processTimeLimit()).hasMillis(5000);
  }

  @Test
  void refusesTheRemovedCheatingAndCrashTestKeysNamingEachInOneLine() throws Exception {
    Map<String, String> base =
        Map.of(
            "DEAI_CHAIN_ID", "31337",
            "DEAI_CONTRACT", "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            "DEAI_KEYSTORE_FILE", "k");
    for (String key : List.of("behaviour", "executor_noise", "pause_after")) {
      Path file = toml(key + " = \"x\"\n");
      assertThatThrownBy(() -> NodeConfig.load(file, base))
          .as(key)
          .hasMessageStartingWith(key + " is no longer a node setting (")
          .hasMessageEndingWith("): remove it (" + file + ")")
          .hasMessageNotContaining("\n");
      Map<String, String> env = new java.util.HashMap<>(base);
      env.put("DEAI_" + key.toUpperCase(java.util.Locale.ROOT), "x");
      assertThatThrownBy(() -> NodeConfig.load(null, env))
          .as("DEAI_" + key)
          .hasMessageStartingWith(key + " is no longer a node setting (")
          .hasMessageContaining("DEAI_" + key.toUpperCase(java.util.Locale.ROOT));
    }
    assertThat(NodeConfig.load(null, base).parallelism()).isEqualTo(2);
  }

  @Test
  void aggregatorsDefaultToTheAggregatorClassAndTrainersNeedTheirShard() throws Exception {
    Map<String, String> base =
        Map.of(
            "DEAI_CHAIN_ID", "31337",
            "DEAI_CONTRACT", "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            "DEAI_JOBS_CONTRACT", "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
            "DEAI_KEYSTORE_FILE", "k");
    Path aggregator = toml("job_role = \"aggregator\"\n");
    assertThat(NodeConfig.load(aggregator, base).gpuClass()).isEqualTo(2);
    Path chosen = toml("job_role = \"aggregator\"\ngpu_class = 5\n");
    assertThat(NodeConfig.load(chosen, base).gpuClass()).isEqualTo(5);
    Path shard = Files.writeString(dir.resolve("shard.safetensors"), "x");
    Path trainer = toml("training_data = \"" + shard + "\"\n");
    assertThat(NodeConfig.load(trainer, base).gpuClass()).isEqualTo(1);
    Path missing = toml("training_data = \"" + dir.resolve("nope.safetensors") + "\"\n");
    assertThatThrownBy(() -> NodeConfig.load(missing, base))
        .hasMessageContaining("is not a file: write a shard with deai job shard --out");
  }

  @Test
  void saysWhatIsWrongAndHowToFixIt() throws Exception {
    assertThatThrownBy(() -> NodeConfig.load(null, Map.of()))
        .hasMessage(
            "missing chain_id: set it in the config file or as DEAI_CHAIN_ID (environment)");
    Path typo = toml("chain_id = 1\ncontrakt = \"x\"\n");
    assertThatThrownBy(() -> NodeConfig.load(typo, Map.of()))
        .hasMessageContaining("unknown keys [contrakt]");
    Map<String, String> badPort =
        Map.of(
            "DEAI_CHAIN_ID", "1",
            "DEAI_CONTRACT", "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            "DEAI_KEYSTORE_FILE", "k",
            "DEAI_HTTP_PORT", "70000");
    assertThatThrownBy(() -> NodeConfig.load(null, badPort))
        .hasMessageStartingWith("http_port must be an integer in 0..65535, got '70000'");
    Map<String, String> badContract = Map.of("DEAI_CHAIN_ID", "1", "DEAI_CONTRACT", "0x12");
    assertThatThrownBy(() -> NodeConfig.load(null, badContract))
        .hasMessageStartingWith("contract must be a 0x-prefixed 20-byte hex address");
  }

  @Test
  void declaresTheExecutorsItCanRunAndItsMinimumFee() throws Exception {
    Map<String, String> base =
        Map.of(
            "DEAI_CHAIN_ID", "31337",
            "DEAI_CONTRACT", "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            "DEAI_KEYSTORE_FILE", "k");
    NodeConfig plain = NodeConfig.load(null, base);
    assertThat(plain.executors()).containsExactly("linear", "djl-linear");
    assertThat(plain.declaration("").executors()).isEqualTo(0b011);
    assertThat(plain.declaration("").minFeePerReplica()).isZero();
    Path withProcess = toml("[process.commands]\necho = [\"echo\"]\n");
    assertThat(NodeConfig.load(withProcess, base).declaration("").executors()).isEqualTo(0b111);
    Path chosen = toml("executors = [\"process\"]\nmin_fee_per_replica_wei = 5000\n");
    NodeConfig config = NodeConfig.load(chosen, base);
    assertThat(config.declaration("http://x").executors()).isEqualTo(0b100);
    assertThat(config.minFeePerReplicaWei()).isEqualTo(5000);
    Map<String, String> env = new java.util.HashMap<>(base);
    env.put("DEAI_EXECUTORS", "linear, process");
    assertThat(NodeConfig.load(null, env).executors()).containsExactly("linear", "process");
  }

  @Test
  void refusesExecutorsWithoutAKindAndNegativeFees() throws Exception {
    Map<String, String> base =
        Map.of(
            "DEAI_CHAIN_ID", "31337",
            "DEAI_CONTRACT", "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            "DEAI_KEYSTORE_FILE", "k");
    Path unknown = toml("executors = [\"gpu-magic\"]\n");
    assertThatThrownBy(() -> NodeConfig.load(unknown, base))
        .hasMessageStartingWith("executors: unknown executor 'gpu-magic'");
    Path negative = toml("min_fee_per_replica_wei = -1\n");
    assertThatThrownBy(() -> NodeConfig.load(negative, base))
        .hasMessageStartingWith("min_fee_per_replica_wei must be a whole number of wei");
  }
}
