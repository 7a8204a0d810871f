package network.deai.node.app;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import network.deai.node.chain.DataDirectoryLock;
import network.deai.node.chain.FailoverService;
import network.deai.node.chain.LogPoller;
import network.deai.node.chain.StartupRetry;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.exec.DjlLinearExecutor;
import network.deai.node.exec.HttpVerticle;
import network.deai.node.exec.LinearExecutor;
import network.deai.node.exec.Metrics;
import network.deai.node.exec.OnnxExecutor;
import network.deai.node.exec.ProcessExecutor;
import network.deai.node.exec.TaskExecutor;
import network.deai.node.exec.TaskRunner;
import network.deai.node.exec.WorkerHooks;
import network.deai.node.exec.WorkerService;
import network.deai.node.journal.Journal;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * One running worker, wired by constructor from a {@link NodeConfig} and its key: chain client
 * (checked chain id and contract code), sender, journal, log poller, artifact store, executors, the
 * worker service and the Vert.x HTTP API. Closing stops everything in reverse order.
 */
public final class NodeRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

  private final Vertx vertx;
  private final Web3j web3j;
  private final Journal journal;
  private final WorkerService worker;
  private final network.deai.node.job.@Nullable JobService jobs;
  private final String url;
  private final DataDirectoryLock lock;
  private final OnnxExecutor onnx;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private NodeRuntime(
      Vertx vertx,
      Web3j web3j,
      Journal journal,
      WorkerService worker,
      network.deai.node.job.@Nullable JobService jobs,
      String url,
      DataDirectoryLock lock,
      OnnxExecutor onnx) {
    this.onnx = onnx;
    this.vertx = vertx;
    this.web3j = web3j;
    this.journal = journal;
    this.worker = worker;
    this.jobs = jobs;
    this.url = url;
    this.lock = lock;
  }

  /** A JSON-RPC connection with bounded timeouts. */
  public static Web3j connect(String rpcUrl) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(15, TimeUnit.SECONDS)
            .writeTimeout(15, TimeUnit.SECONDS)
            .build();
    return Web3j.build(new HttpService(rpcUrl, http));
  }

  /**
   * A JSON-RPC connection to one endpoint ({@link #connect(String)}), or, for several, one that
   * fails over between them and uses only those on chain {@code chainId}.
   */
  public static Web3j connect(List<String> rpcUrls, long chainId) {
    if (rpcUrls.size() == 1) {
      return connect(rpcUrls.get(0));
    }
    return Web3j.build(FailoverService.connect(rpcUrls, chainId, Duration.ofSeconds(10)));
  }

  /**
   * Starts a worker; fails fast on a wrong chain, a missing contract or a busy port, and waits out
   * transient RPC failures (refused, timed out, HTTP 429 or 5xx) for {@link
   * NodeConfig#startupRetry()} in all.
   */
  public static NodeRuntime start(NodeConfig config, Credentials credentials) {
    return start(config, credentials, WorkerHooks.NONE);
  }

  /**
   * Like {@link #start(NodeConfig, Credentials)}, with every executor replaced by {@code
   * executors}'s answer for it (a harness meters or alters execution without a node behaviour of
   * its own; {@code identity()} for a plain worker). The answer must keep the executor's name.
   */
  public static NodeRuntime start(
      NodeConfig config, Credentials credentials, UnaryOperator<TaskExecutor> executors) {
    return start(config, credentials, WorkerHooks.NONE.withExecutors(executors));
  }

  /**
   * Like {@link #start(NodeConfig, Credentials)}, with a harness standing in front of the worker's
   * parts through {@code hooks} ({@link WorkerHooks#NONE}: a plain worker).
   */
  public static NodeRuntime start(NodeConfig config, Credentials credentials, WorkerHooks hooks) {
    return start(config, credentials, hooks, StartupRetry.within(config.startupRetry()));
  }

  /**
   * Like {@link #start(NodeConfig, Credentials, WorkerHooks)}, waiting out transient RPC failures
   * through {@code retry} (whose budget the caller may already have spent from). A failure that
   * ends the start closes whatever it had started, chain loop included.
   */
  static NodeRuntime start(
      NodeConfig config, Credentials credentials, WorkerHooks hooks, StartupRetry retry) {
    Web3j web3j = connect(config.rpcUrls(), config.chainId());
    Vertx vertx = Vertx.vertx();
    Journal journal = null;
    DataDirectoryLock lock = null;
    WorkerService worker = null;
    OnnxExecutor onnx = new OnnxExecutor();
    try {
      TaskManagerClient client =
          retry.call(
              "checking the chain id and the contract",
              () -> TaskManagerClient.connect(web3j, config.contract(), config.chainId()));
      Path data = dataDirectory(config, credentials.getAddress());
      lock = DataDirectoryLock.acquire(data); // two nodes must never run one key
      journal = Journal.open(data.resolve("journal.log"), new SecureRandom());
      Journal opened = journal;
      TransactionSender sender =
          retry.call(
              "reading the nonce",
              () ->
                  TransactionSender.open(
                      web3j,
                      credentials,
                      client.chainId(),
                      data.resolve("outbox"),
                      java.time.Duration.ofMillis(10)));
      LogPoller poller =
          new LogPoller(
              web3j,
              config.contract(),
              data.resolve("checkpoint"),
              config.startBlock(),
              config.logRange(),
              config.confirmations(),
              12);
      ArtifactStore store =
          new ArtifactStore(
              data.resolve("artifacts"), config.artifactLimits(), java.time.InstantSource.system());
      Metrics metrics = Metrics.forNode();
      WorkerService[] holder = new WorkerService[1];
      HttpVerticle http =
          new HttpVerticle(
              config.httpHost(),
              config.httpPort(),
              config.publicUrl() == null ? "" : config.publicUrl(),
              config.http(),
              store,
              () -> holder[0] == null ? null : holder[0].snapshot(),
              metrics);
      String url = deploy(vertx, http, config);
      TaskRunner runner =
          new TaskRunner(
              new ArtifactFetcher(store, config.maxArtifactBytes(), config.downloadTimeout()),
              hooks.results().apply(store),
              wrapped(executors(config, onnx), hooks.executors()),
              url,
              opened::append);
      worker =
          new WorkerService(
              new WorkerService.Settings(
                  config.pollInterval(), config.parallelism(), pauseFlag(data), data),
              client,
              sender,
              opened,
              poller,
              runner,
              metrics,
              hooks.steps());
      holder[0] = worker;
      Duration warmUp = runner.warmUp(); // before the worker follows the chain and takes tasks
      metrics.gauge("executors_warm_up_ms", warmUp::toMillis);
      worker.start(retry);
      LOG.info(
          "worker {} on chain {} following {}; API at {}",
          credentials.getAddress(),
          client.chainId(),
          config.contract(),
          url);
      network.deai.node.job.JobService jobs = null;
      String jobsContract = config.jobsContract();
      if (jobsContract != null) {
        jobs = startJobs(config, web3j, jobsContract, sender, store, data, url, metrics, retry);
      }
      return new NodeRuntime(vertx, web3j, opened, worker, jobs, url, lock, onnx);
    } catch (RuntimeException e) {
      if (worker != null) {
        worker.close(); // stops the chain loop if it started
      }
      if (journal != null) {
        journal.close();
      }
      if (lock != null) {
        lock.close();
      }
      onnx.close();
      vertx.close().await();
      web3j.shutdown();
      throw e;
    }
  }

  private static String deploy(Vertx vertx, HttpVerticle http, NodeConfig config) {
    try {
      vertx.deployVerticle(http).await();
    } catch (Exception e) { // a busy port is a BindException that await() rethrows unchecked
      throw ListenFailure.of(
          config.httpHost(), config.httpPort(), e, "set http_port to a free port (or 0 for any)");
    }
    return config.advertisedUrl(http.port());
  }

  /** The training-job roles, sharing the worker's key, sender (one nonce owner) and store. */
  private static network.deai.node.job.JobService startJobs(
      NodeConfig config,
      Web3j web3j,
      String jobsContract,
      TransactionSender sender,
      ArtifactStore store,
      Path data,
      String url,
      Metrics metrics,
      StartupRetry retry) {
    network.deai.node.chain.TrainingJobsClient jobsClient =
        retry.call(
            "checking the jobs contract",
            () ->
                network.deai.node.chain.TrainingJobsClient.connect(
                    web3j, jobsContract, config.chainId()));
    boolean trainer = config.jobRole().equals("trainer");
    network.deai.learning.Dataset shard = null;
    Path trainingData = config.trainingData();
    if (trainer && trainingData != null) {
      try {
        shard =
            network.deai.node.job.FlFiles.readDataset(
                network.deai.node.job.JobContext.MODEL,
                java.nio.file.Files.readAllBytes(trainingData));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot read training_data " + trainingData, e);
      }
    }
    network.deai.node.job.JobService service =
        new network.deai.node.job.JobService(
            jobsClient,
            sender,
            store,
            new ArtifactFetcher(store, config.maxArtifactBytes(), config.downloadTimeout()),
            url,
            network.deai.node.job.JobJournal.open(data.resolve("jobs.journal")),
            new network.deai.node.job.JobService.Settings(
                trainer
                    ? network.deai.node.job.JobService.Role.TRAINER
                    : network.deai.node.job.JobService.Role.AGGREGATOR,
                config.trainerEngine(),
                shard,
                config.maxArtifactBytes(),
                config.pollInterval().multipliedBy(2)),
            network.deai.node.job.JobMetrics.of(metrics));
    LOG.info("{} in training jobs of {}", config.jobRole(), jobsContract);
    return service.start();
  }

  private static Map<String, TaskExecutor> executors(NodeConfig config, OnnxExecutor onnx) {
    Map<String, TaskExecutor> executors = new LinkedHashMap<>();
    executors.put(LinearExecutor.NAME, new LinearExecutor(0, new SecureRandom()));
    executors.put(DjlLinearExecutor.NAME, new DjlLinearExecutor());
    executors.put(
        ProcessExecutor.NAME,
        new ProcessExecutor(
            config.processCommands(), config.processTimeLimit(), config.processMemoryBytes()));
    executors.put(OnnxExecutor.NAME, onnx);
    return executors;
  }

  private static Map<String, TaskExecutor> wrapped(
      Map<String, TaskExecutor> executors, UnaryOperator<TaskExecutor> wrap) {
    Map<String, TaskExecutor> wrapped = new LinkedHashMap<>();
    executors.forEach((name, executor) -> wrapped.put(name, wrap.apply(executor)));
    return wrapped;
  }

  /** The data directory of the node whose key has {@code address}. */
  static Path dataDirectory(NodeConfig config, String address) {
    return config.dataDir().resolve(address.toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * The file whose presence pauses the node running in {@code data} ({@code deai node pause} writes
   * it, {@code resume} deletes it): only who can write the data directory can pause it.
   */
  static Path pauseFlag(Path data) {
    return data.resolve("paused");
  }

  /**
   * Drains the worker (abstains from new tasks, finishes the open ones) until no task is at stake
   * or {@code limit} has passed, logging progress, then closes; returns the tasks left at stake.
   */
  public int drainAndClose(Duration limit) {
    worker.drain("stop requested");
    long deadline = System.nanoTime() + limit.toNanos();
    long nextLog = 0;
    int left = worker.atStake();
    while (left > 0 && System.nanoTime() < deadline) {
      if (System.nanoTime() >= nextLog) {
        LOG.info(
            "draining: {} task(s) still to reveal; stopping within {} s",
            left,
            Duration.ofNanos(deadline - System.nanoTime()).toSeconds());
        nextLog = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      left = worker.atStake();
    }
    if (left > 0) {
      LOG.warn("stopping with {} task(s) unrevealed: they may be slashed as no-shows", left);
    } else {
      LOG.info("drained: no task at stake; stopping");
    }
    close();
    return left;
  }

  /** The API's base URL, also the prefix of the artifact URIs this node reveals. */
  public String url() {
    return url;
  }

  /** The worker service. */
  public WorkerService worker() {
    return worker;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (jobs != null) {
      jobs.close();
    }
    worker.close();
    vertx.close().await();
    journal.close();
    onnx.close();
    web3j.shutdown();
    lock.close();
  }
}
