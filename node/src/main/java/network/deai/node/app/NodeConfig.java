package network.deai.node.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import network.deai.node.domain.ExecutorKinds;
import network.deai.node.domain.NodeDeclaration;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.exec.ChainHealth;
import network.deai.node.exec.DjlLinearExecutor;
import network.deai.node.exec.HttpLimits;
import network.deai.node.exec.HttpVerticle;
import network.deai.node.exec.LinearExecutor;
import network.deai.node.exec.ProcessExecutor;
import network.deai.node.exec.UploadAccess;
import org.jspecify.annotations.Nullable;

/**
 * A worker's configuration: a TOML file, then {@code DEAI_<KEY>} environment variables on top (e.g.
 * {@code DEAI_RPC_URL} overrides {@code rpc_url}), validated once at start with errors that name
 * the key and say what is expected. {@code rpc_urls} (comma-separated in {@code DEAI_RPC_URLS})
 * lists several endpoints of one chain for failover; without it {@code rpc_url} is the only one. A
 * relative {@code keystore_file}, {@code passphrase_file}, {@code data_dir} or {@code
 * training_data} written in the file is relative to the file's directory; one from the environment
 * (or the default {@code node-data}) is relative to the working directory. {@code startup_retry_ms}
 * (default 2 minutes, 0: none) bounds how long a start waits out transient RPC failures in all.
 */
public record NodeConfig(
    String rpcUrl,
    List<String> rpcUrls,
    long chainId,
    String contract,
    Path keystoreFile,
    @Nullable Path passphraseFile,
    Path dataDir,
    String httpHost,
    int httpPort,
    @Nullable String publicUrl,
    long gpuClass,
    long vramMiB,
    List<String> executors,
    BigInteger minFeePerReplicaWei,
    Duration pollInterval,
    int confirmations,
    int logRange,
    long startBlock,
    int parallelism,
    long maxArtifactBytes,
    Duration downloadTimeout,
    Duration processTimeLimit,
    long processMemoryBytes,
    Map<String, List<String>> processCommands,
    @Nullable String jobsContract,
    String jobRole,
    @Nullable Path trainingData,
    String trainerEngine,
    HttpVerticle.Settings http,
    ArtifactStore.Limits artifactLimits,
    Duration startupRetry) {

  static final Set<String> KEYS =
      Set.of(
          "rpc_url",
          "rpc_urls",
          "chain_id",
          "contract",
          "keystore_file",
          "passphrase_file",
          "data_dir",
          "http_host",
          "http_port",
          "public_url",
          "gpu_class",
          "vram_mib",
          "executors",
          "min_fee_per_replica_wei",
          "poll_interval_ms",
          "confirmations",
          "log_range",
          "start_block",
          "parallelism",
          "max_artifact_bytes",
          "download_timeout_ms",
          "startup_retry_ms",
          "process",
          "jobs_contract",
          "job_role",
          "training_data",
          "trainer_engine",
          "upload_token",
          "open_uploads",
          "artifact_quota_bytes",
          "artifact_retention_ms",
          "http_idle_timeout_ms",
          "http_request_timeout_ms",
          "http_max_connections",
          "health_max_poll_age_ms",
          "health_max_head_stall_ms");

  /**
   * Keys earlier versions took that are refused now, each with why: a worker always follows the
   * protocol, and programs that need a cheating or crashing one wrap it ({@code deai devnet}, the
   * crash tests).
   */
  static final Map<String, String> REMOVED_KEYS =
      Map.of(
          "behaviour",
          "a node always follows the protocol; deai devnet plays the cheating workers",
          "executor_noise",
          "a SIMILAR task asks for emulated GPU noise with its spec parameter emulatedNoise",
          "pause_after",
          "crash tests pause a worker through their own launcher");

  /** Copies the command map and the executors, and checks the job settings together. */
  public NodeConfig {
    rpcUrls = List.copyOf(rpcUrls);
    if (rpcUrls.isEmpty()
        || !rpcUrls.stream().allMatch(u -> u.startsWith("http://") || u.startsWith("https://"))) {
      throw new IllegalArgumentException(
          "rpc_urls must list http:// or https:// URLs, got " + rpcUrls);
    }
    processCommands = Map.copyOf(processCommands);
    executors = List.copyOf(executors);
    try {
      ExecutorKinds.mask(executors);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("executors: " + e.getMessage(), e);
    }
    if (jobsContract != null && jobRole.equals("trainer") && trainingData == null) {
      throw new IllegalArgumentException(
          "job_role = trainer needs training_data: a safetensors file with x [rows, 64] and y"
              + " [rows] (the local shard); or set job_role = aggregator");
    }
    if (jobsContract != null
        && jobRole.equals("trainer")
        && trainingData != null
        && !Files.isRegularFile(trainingData)) {
      throw new IllegalArgumentException(
          "training_data "
              + trainingData
              + " is not a file: write a shard with deai job shard --out "
              + trainingData
              + ", or point training_data at your own safetensors file");
    }
  }

  /**
   * The executors a node runs unless {@code executors} says otherwise: linear and djl-linear, and
   * process when process commands are configured.
   */
  static List<String> defaultExecutors(Map<String, List<String>> processCommands) {
    List<String> names = new ArrayList<>(List.of(LinearExecutor.NAME, DjlLinearExecutor.NAME));
    if (!processCommands.isEmpty()) {
      names.add(ProcessExecutor.NAME);
    }
    return List.copyOf(names);
  }

  /** What this node declares when it registers, serving its artifacts at {@code endpoint}. */
  public NodeDeclaration declaration(String endpoint) {
    return new NodeDeclaration(
        gpuClass, vramMiB, ExecutorKinds.mask(executors), minFeePerReplicaWei, endpoint);
  }

  /**
   * The endpoint a node registers on chain: {@code public_url}, else its {@code http_host} and
   * fixed {@code http_port}, else (port 0, picked at start) none.
   */
  public String registeredEndpoint() {
    return publicUrl != null ? publicUrl : httpPort == 0 ? "" : advertisedUrl(httpPort);
  }

  /** The URL other parties use to reach this node's artifacts. */
  public String advertisedUrl(int boundPort) {
    return publicUrl != null ? publicUrl : "http://" + httpHost + ":" + boundPort;
  }

  /**
   * The configuration of a worker that runs inside another program (devnet, benches): its key is
   * handed over directly, its HTTP port is picked freely, and {@code overrides} are more {@code
   * DEAI_*} settings.
   */
  public static NodeConfig inProcess(
      String rpcUrl, long chainId, String contract, Path dataDir, Map<String, String> overrides) {
    Map<String, String> env =
        new java.util.HashMap<>(workerEnvironment(rpcUrl, chainId, contract, dataDir, overrides));
    env.putIfAbsent("DEAI_KEYSTORE_FILE", "in-process");
    return load(null, env);
  }

  /**
   * The {@code DEAI_*} settings of a worker on a given chain and contract, with a free HTTP port,
   * plus {@code overrides}: for {@link #inProcess} and for {@code deai node run} child processes.
   */
  public static Map<String, String> workerEnvironment(
      String rpcUrl, long chainId, String contract, Path dataDir, Map<String, String> overrides) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("DEAI_RPC_URL", rpcUrl);
    env.put("DEAI_CHAIN_ID", Long.toString(chainId));
    env.put("DEAI_CONTRACT", contract);
    env.put("DEAI_DATA_DIR", dataDir.toString());
    env.put("DEAI_HTTP_PORT", "0");
    env.putAll(overrides);
    return Map.copyOf(env);
  }

  /** Loads {@code file} (may be null for environment-only configuration) plus {@code env}. */
  public static NodeConfig load(@Nullable Path file, Map<String, String> env) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    JsonNode process = new ObjectMapper().createObjectNode();
    if (file != null) {
      JsonNode root = read(file);
      Set<String> unknown = new TreeSet<>();
      for (Map.Entry<String, JsonNode> entry : root.properties()) {
        refuseRemoved(entry.getKey(), file.toString());
        if (!KEYS.contains(entry.getKey())) {
          unknown.add(entry.getKey());
        }
        values.put(entry.getKey(), entry.getValue());
      }
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException(
            file + ": unknown keys " + unknown + "; known keys are " + new TreeSet<>(KEYS));
      }
      process = root.path("process");
    }
    for (String key : REMOVED_KEYS.keySet()) {
      String variable = "DEAI_" + key.toUpperCase(java.util.Locale.ROOT);
      if (!env.getOrDefault(variable, "").isEmpty()) {
        refuseRemoved(key, "environment variable " + variable);
      }
    }
    ConfigValues v =
        new ConfigValues(
            values,
            env,
            file == null ? "environment" : file.toString(),
            file == null ? null : file.toAbsolutePath().getParent());
    String jobRole = v.choice("job_role", "trainer", "trainer", "aggregator");
    // Jobs pick trainers and committees from two GPU classes (deai job submit: 1 and 2 by
    // default), so an aggregator registers in class 2 unless the operator says otherwise.
    long defaultClass = jobRole.equals("aggregator") ? 2L : 1L;
    Map<String, List<String>> processCommands = commands(process.path("commands"));
    String httpHost = v.text("http_host", "127.0.0.1");
    long maxArtifactBytes = v.number("max_artifact_bytes", 64L << 20, 1, 1L << 30);
    List<String> rpcUrls = v.names("rpc_urls", List.of(v.text("rpc_url", "http://127.0.0.1:8545")));
    return new NodeConfig(
        rpcUrls.get(0),
        rpcUrls,
        v.number("chain_id", null, 1, Long.MAX_VALUE),
        v.address("contract"),
        v.path("keystore_file", null),
        v.optionalPath("passphrase_file"),
        v.path("data_dir", "node-data"),
        httpHost,
        (int) v.number("http_port", 8081L, 0, 65535),
        v.optionalText("public_url"),
        v.number("gpu_class", defaultClass, 0, 0xffff_ffffL),
        v.number("vram_mib", 0L, 0, 0xffff_ffffL),
        v.names("executors", defaultExecutors(processCommands)),
        v.wei("min_fee_per_replica_wei", BigInteger.ZERO),
        Duration.ofMillis(v.number("poll_interval_ms", 100L, 1, 60_000)),
        (int) v.number("confirmations", 0L, 0, 1000),
        (int) v.number("log_range", 1000L, 1, 100_000),
        v.number("start_block", 0L, 0, Long.MAX_VALUE),
        (int) v.number("parallelism", 2L, 1, 64),
        maxArtifactBytes,
        Duration.ofMillis(v.number("download_timeout_ms", 30_000L, 100, 600_000)),
        Duration.ofMillis(process.path("time_limit_ms").asLong(60_000)),
        process.path("memory_limit_mib").asLong(2048) << 20,
        processCommands,
        v.optionalAddress("jobs_contract"),
        jobRole,
        v.optionalPath("training_data"),
        v.choice("trainer_engine", "djl", "djl", "java"),
        httpSettings(v, httpHost, maxArtifactBytes),
        new ArtifactStore.Limits(
            v.number("artifact_quota_bytes", 8L << 30, 1L << 20, Long.MAX_VALUE),
            Duration.ofMillis(
                v.number("artifact_retention_ms", 86_400_000L, 60_000, 3650L * 86_400_000))),
        Duration.ofMillis(v.number("startup_retry_ms", 120_000L, 0, 3_600_000)));
  }

  /**
   * The HTTP API's limits, upload access and health thresholds. Without {@code upload_token},
   * uploads are open on a loopback {@code http_host} (only local processes reach it: devnets,
   * benches) and refused elsewhere, unless {@code open_uploads} says otherwise.
   */
  private static HttpVerticle.Settings httpSettings(
      ConfigValues v, String host, long maxArtifactBytes) {
    String open = v.choice("open_uploads", "auto", "auto", "true", "false");
    UploadAccess access;
    try {
      access =
          UploadAccess.of(
              host,
              v.optionalText("upload_token"),
              open.equals("auto") ? null : open.equals("true"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (upload_token, open_uploads)", e);
    }
    HttpLimits limits =
        new HttpLimits(
            Duration.ofMillis(v.number("http_idle_timeout_ms", 30_000L, 100, 3_600_000)),
            Duration.ofMillis(v.number("http_request_timeout_ms", 300_000L, 100, 3_600_000)),
            maxArtifactBytes,
            (int) v.number("http_max_connections", 256L, 1, 65_535));
    ChainHealth.Limits health =
        new ChainHealth.Limits(
            Duration.ofMillis(v.number("health_max_poll_age_ms", 30_000L, 100, 86_400_000)),
            Duration.ofMillis(v.number("health_max_head_stall_ms", 120_000L, 0, 86_400_000)));
    return new HttpVerticle.Settings(limits, access, health, Duration.ofMinutes(10));
  }

  /** Throws when {@code key} is one of {@link #REMOVED_KEYS}, naming it and where it was set. */
  private static void refuseRemoved(String key, String source) {
    String why = REMOVED_KEYS.get(key);
    if (why != null) {
      throw new IllegalArgumentException(
          key + " is no longer a node setting (" + why + "): remove it (" + source + ")");
    }
  }

  private static JsonNode read(Path file) {
    try {
      return new TomlMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read config "
              + file
              + ": "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
          e);
    }
  }

  private static Map<String, List<String>> commands(JsonNode node) {
    Map<String, List<String>> commands = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isArray() || entry.getValue().isEmpty()) {
        throw new IllegalArgumentException(
            "process.commands." + entry.getKey() + " must be a non-empty array of strings");
      }
      commands.put(entry.getKey(), entry.getValue().valueStream().map(JsonNode::asText).toList());
    }
    return commands;
  }
}
