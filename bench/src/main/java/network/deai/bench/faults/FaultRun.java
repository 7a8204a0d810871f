package network.deai.bench.faults;

import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ExecutorKinds;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.Requester;
import network.deai.node.testing.RpcProxy;

/**
 * One faults run: submits the tasks a few at a time, starts and finalizes them on every block,
 * kills each crash victim when it pauses at its armed point and restarts it armed for the next one,
 * fills the first worker's disk for a while, and lets {@link RpcFaultSchedule} spoil RPC answers.
 */
final class FaultRun {
  private static final Duration FULL_DISK = Duration.ofSeconds(10);

  private final FaultsBench.Settings settings;
  private final TaskManagerClient client;
  private final Requester requester;
  private final ArtifactOrigin origin;
  private final List<FleetWorker> fleet;
  private final Deposits deposits;
  private final PrintStream out;
  private final Deque<CrashPoint> crashPlan = new ArrayDeque<>();
  private final Map<CrashPoint, Integer> crashes = new EnumMap<>(CrashPoint.class);
  private final Map<BigInteger, TaskState> finals = new HashMap<>();
  private final Map<String, Long> faults = new java.util.TreeMap<>();
  private long diskFullUntilNanos;
  private boolean diskFilled;

  FaultRun(
      FaultsBench.Settings settings,
      TaskManagerClient client,
      Requester requester,
      ArtifactOrigin origin,
      List<FleetWorker> fleet,
      Deposits deposits,
      PrintStream out) {
    this.settings = settings;
    this.client = client;
    this.requester = requester;
    this.origin = origin;
    this.fleet = fleet;
    this.deposits = deposits;
    this.out = out;
  }

  /** Runs until every task is final or the timeout passes; returns the task ids. */
  List<BigInteger> drive() throws Exception {
    for (int round = 0; round < settings.crashRounds(); round++) {
      crashPlan.addAll(List.of(CrashPoint.values()));
    }
    fleet.get(0).start(null); // the full-disk worker is never killed
    for (FleetWorker victim : fleet.subList(1, fleet.size())) {
      victim.start(crashPlan.poll());
    }
    List<RpcProxy> proxies = fleet.stream().map(w -> w.proxy).toList();
    ArtifactRef model = origin.put(FaultsBench.model(), 0);
    List<BigInteger> ids = new ArrayList<>();
    List<BigInteger> pending = new ArrayList<>();
    int inFlight = fleet.size() / 3 + 1;
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    long lastBlock = -1;
    try (RpcFaultSchedule rpcFaults = new RpcFaultSchedule(proxies, settings.seed(), 2_000)) {
      while (System.nanoTime() < deadline && (ids.size() < settings.tasks() || !allFinal(ids))) {
        superviseCrashes();
        superviseDisk(ids.size());
        if (ids.size() < settings.tasks() && open(ids) < inFlight) {
          BigInteger id = create(FaultsBench.spec(origin, model, ids.size()));
          ids.add(id);
          pending.add(id);
        }
        long block = client.blockNumber();
        if (block != lastBlock) {
          lastBlock = block;
          pending = requester.startPending(pending);
          finalizeDue(ids, pending);
          progress(block, ids);
        }
        Thread.sleep(200);
      }
      rpcFaults.injected().forEach((kind, count) -> faults.put("rpc_" + kind, count));
    }
    faults.put("artifact_stalls", origin.stalls());
    int failedStarts = fleet.stream().mapToInt(FleetWorker::failedStarts).sum();
    double slowest = fleet.stream().mapToDouble(FleetWorker::slowestRestartSeconds).max().orElse(0);
    out.printf(
        Locale.ROOT,
        "worker starts that failed under RPC faults (tried again): %d; slowest restart %.1f s%n",
        failedStarts,
        slowest);
    out.println();
    return ids;
  }

  FaultsBench.Report report(int tasks, Tally tally, double seconds) {
    long injected = faults.values().stream().mapToLong(Long::longValue).sum();
    int killed = crashes.values().stream().mapToInt(Integer::intValue).sum();
    return new FaultsBench.Report(
        tasks, tally, injected, Map.copyOf(faults), killed, Map.copyOf(crashes), seconds);
  }

  private void superviseCrashes() throws Exception {
    for (FleetWorker worker : fleet) {
      if (worker.restarting()) {
        continue;
      }
      worker.checkRestarted();
      java.util.Optional<CrashPoint> paused = worker.paused();
      if (paused.isPresent()) {
        crashes.merge(paused.get(), 1, Integer::sum);
        worker.restart(crashPlan.poll());
      } else if (worker.exited()) {
        out.printf(
            Locale.ROOT, "%nworker %s exited on its own; restarting it%n", worker.key.getAddress());
        faults.merge("worker_exits", 1L, Long::sum);
        worker.restart(worker.armed());
      }
    }
  }

  /**
   * Fills the first worker's disk once a fifth of the tasks were created, for {@link #FULL_DISK}.
   */
  private void superviseDisk(int created) throws Exception {
    if (!diskFilled && created >= Math.max(1, settings.tasks() / 5)) {
      diskFilled = fleet.get(0).limitFileSize(1L);
      if (diskFilled) {
        faults.merge("disk_full", 1L, Long::sum);
        diskFullUntilNanos = System.nanoTime() + FULL_DISK.toNanos();
        out.printf(Locale.ROOT, "%nworker 1: disk full for %d s%n", FULL_DISK.toSeconds());
      }
    } else if (diskFullUntilNanos != 0 && System.nanoTime() > diskFullUntilNanos) {
      fleet.get(0).limitFileSize(null);
      diskFullUntilNanos = 0;
      out.printf(Locale.ROOT, "%nworker 1: disk freed%n");
    }
  }

  private BigInteger create(TaskSpec spec) {
    ArtifactRef specRef = origin.put(spec.canonicalBytes(), 0);
    Requester.Params params =
        new Requester.Params(
            0,
            3,
            2,
            0,
            settings.windowBlocks(),
            settings.windowBlocks(),
            1,
            FaultsBench.fee(),
            0,
            ExecutorKinds.requirement(spec.executor()),
            1000);
    Requester.Submission submission = requester.submitRaw(specRef.digest(), specRef.uri(), params);
    deposits.add(submission.txHash());
    return submission.taskId();
  }

  private void finalizeDue(List<BigInteger> ids, List<BigInteger> pending) {
    for (BigInteger id : ids) {
      if (!finals.containsKey(id) && !pending.contains(id)) {
        try {
          requester.finalizeIfDue(id);
        } catch (RuntimeException e) {
          // tried again on the next block
        }
      }
    }
  }

  private int open(List<BigInteger> ids) {
    return (int) ids.stream().filter(id -> !isFinal(id)).count();
  }

  private boolean allFinal(List<BigInteger> ids) {
    return ids.stream().allMatch(this::isFinal);
  }

  private boolean isFinal(BigInteger id) {
    if (finals.containsKey(id)) {
      return true;
    }
    Task task = client.task(id);
    if (task.isFinal()) {
      finals.put(id, task.state());
    }
    return task.isFinal();
  }

  private void progress(long block, List<BigInteger> ids) {
    long settled = finals.values().stream().filter(s -> s == TaskState.SETTLED).count();
    out.printf(
        Locale.ROOT,
        "\rblock %d  submitted %d/%d  final %d  settled %d  crashes %s   ",
        block,
        ids.size(),
        settings.tasks(),
        finals.size(),
        settled,
        FaultsBench.points(crashes));
    out.flush();
  }
}
