package network.deai.node.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import network.deai.node.audit.Auditor;
import network.deai.node.audit.JobAudit;
import network.deai.node.audit.NodeAudit;
import network.deai.node.audit.TaskAudit;
import network.deai.node.domain.Outcome;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.job.JobContext;
import org.web3j.protocol.Web3j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deai audit task|node}: rebuild and re-check on-chain records. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description =
        "Rebuild a task's or a node's record from chain data and re-check it: commitments are"
            + " recomputed from revealed salts, the selection seed from its block's hash, the"
            + " verdict from revealed fingerprints, and the books of each final task are checked"
            + " against the payout rules. Exit status 1 when a check fails.",
    subcommands = {
      AuditCommand.Task.class,
      AuditCommand.Node.class,
      AuditCommand.Job.class,
      CommandLine.HelpCommand.class
    })
final class AuditCommand implements Runnable {
  /** Wei and ids as JSON strings: numbers above 2^53 lose digits in jq and JavaScript. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .registerModule(
              new com.fasterxml.jackson.databind.module.SimpleModule()
                  .addSerializer(
                      BigInteger.class,
                      com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance));

  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "task", mixinStandardHelpOptions = true, description = "Audit one task.")
  static final class Task implements Callable<Integer> {
    @CommandLine.Mixin ClientOptions chain = new ClientOptions();

    @Parameters(
        paramLabel = "<task-id>",
        description = "The task's id (deai task submit printed it).")
    BigInteger taskId = BigInteger.ZERO;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
      try {
        TaskAudit audit = new Auditor(chain.connect(web3j)).task(taskId);
        if (json) {
          System.out.println(JSON.writeValueAsString(audit));
        } else {
          print(audit);
        }
        return audit.consistent() ? 0 : 1;
      } finally {
        web3j.shutdown();
      }
    }

    private static void print(TaskAudit a) {
      System.out.printf(
          "task %s  %s  mode %s (max distance %d)  quorum %d  fee %s wei%n",
          a.taskId(), a.state(), a.mode(), a.maxDistance(), a.quorum(), a.fee());
      System.out.printf("requester %s%nspec %s %s%n", a.requester(), a.specDigest(), a.specUri());
      System.out.printf(
          "selection seed %s (from block %d's hash); commit deadline %d, reveal deadline %d%n",
          a.selectionSeed(), a.seedBlock(), a.commitDeadline(), a.revealDeadline());
      System.out.printf(
          "verdict %s  group %d  per member %s wei  requester credit %s wei%n",
          a.verdictFingerprint(), a.groupSize(), a.payoutPerMember(), a.requesterCredit());
      if (a.sampling().sampled()) {
        printSampling(a.sampling());
      }
      System.out.printf(
          "%-3s %-42s %-14s %-22s %-22s %-9s %s%n",
          "#", "worker", "outcome", "paid (wei)", "slashed (wei)", "commit ok", "fingerprint");
      for (TaskAudit.Replica r : a.replicas()) {
        System.out.printf(
            "%-3d %-42s %-14s %-22s %-22s %-9s %s%n",
            r.index(),
            r.worker(),
            r.outcome(),
            r.paid(),
            r.slashed() + (r.slashReason().isEmpty() ? "" : " " + r.slashReason()),
            r.resultDigest().isEmpty() ? "-" : r.commitmentChecks() ? "yes" : "NO",
            r.fingerprint().isEmpty() ? "(no reveal)" : r.fingerprint());
      }
      System.out.println(
          a.consistent()
              ? "re-check: OK"
              : "re-check FAILED:\n  " + String.join("\n  ", a.problems()));
    }
  }

  /** The sampled-validation lines of a task's audit. */
  static void printSampling(network.deai.node.audit.SampledAudit s) {
    System.out.printf(
        "sampled at %d bps, stage %s: %s%s%n",
        s.sampleRateBps(),
        s.stage(),
        s.decisionBlock() == 0
            ? "not decided yet"
            : (s.checked() ? "checked" : "unchecked")
                + " by block "
                + s.decisionBlock()
                + "'s hash (recomputed: "
                + (s.recomputedChecked() ? "checked" : "unchecked")
                + ", seed "
                + s.decisionSeed()
                + ")",
        s.validators().isEmpty() ? "" : "; validators " + s.validators());
    if (!s.challenger().isEmpty()) {
      System.out.printf(
          "challenged by %s with a bond of %s wei: %s (to challenger %s wei, to requester %s"
              + " wei)%n",
          s.challenger(),
          s.bond(),
          s.outcome().isEmpty() ? "not resolved yet" : s.outcome(),
          s.toChallenger(),
          s.toRequester());
    }
  }

  @Command(name = "node", mixinStandardHelpOptions = true, description = "Audit one node.")
  static final class Node implements Callable<Integer> {
    @CommandLine.Mixin ClientOptions chain = new ClientOptions();

    @Parameters(
        paramLabel = "<address>",
        description = "The node's address (0x and 40 hex digits).")
    String address = "";

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (!address.matches("0x[0-9a-fA-F]{40}")) {
        throw new IllegalArgumentException("<address> must be 0x followed by 40 hex digits");
      }
      Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
      try {
        NodeAudit audit = new Auditor(chain.connect(web3j)).node(address);
        if (json) {
          System.out.println(JSON.writeValueAsString(audit));
          return 0;
        }
        System.out.printf(
            "node %s  %s  stake %s wei  class %d  endpoint %s%n",
            audit.address(), audit.status(), audit.stake(), audit.gpuClass(), audit.endpoint());
        System.out.printf(
            "tasks committed %d, revealed %d; paid %s wei, slashed %s wei (%d times); owed %s wei%n",
            audit.tasksCommitted(),
            audit.tasksRevealed(),
            audit.totalPaid(),
            audit.totalSlashed(),
            audit.slashCount(),
            audit.owed());
        for (NodeAudit.Entry e : audit.history()) {
          System.out.printf(
              "  block %-8d task %-6s %-10s %s %s%n",
              e.block(),
              e.taskId(),
              e.event(),
              e.amount().signum() == 0 ? "" : e.amount() + " wei",
              e.detail());
        }
        return 0;
      } finally {
        web3j.shutdown();
      }
    }
  }

  @Command(
      name = "job",
      mixinStandardHelpOptions = true,
      description =
          "Audit a training job: re-check every commitment, recompute each agreed round's"
              + " aggregation and Shapley scores from the revealed updates, and check each round's"
              + " books. Exits 1 when anything does not match the chain.")
  static final class Job implements Callable<Integer> {
    @CommandLine.Mixin JobsClientOptions chain = new JobsClientOptions();

    @Parameters(paramLabel = "<job-id>", description = "The job's id (deai job submit printed it).")
    BigInteger jobId = BigInteger.ZERO;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(
        names = "--cache-dir",
        defaultValue = "${DEAI_DATA_DIR:-auditor-data}",
        description = "Where fetched artifacts are kept (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path cacheDir = java.nio.file.Path.of("auditor-data");

    /** Says which round is still open, so that a stalled job does not read as all done. */
    private void unsettled(network.deai.node.chain.TrainingJobsClient client) {
      network.deai.node.domain.Job job = client.job(jobId);
      if (job.state() != network.deai.node.domain.JobState.RUNNING) {
        System.out.printf("job %s is %s%n", jobId, job.state().solidityName());
        return;
      }
      long round = job.round();
      network.deai.node.domain.Round view = client.round(jobId, round);
      boolean late = client.blockNumber() > view.deadline();
      System.out.printf(
          "round %d of %d is not settled yet: stage %s until block %s%s%n",
          round + 1,
          job.rounds(),
          view.stage().label(),
          view.deadline(),
          late ? " (passed: anyone may settle it with deai job settle " + jobId + ")" : "");
    }

    @Override
    public Integer call() throws Exception {
      Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
      try {
        network.deai.node.chain.TrainingJobsClient client = chain.connectJobs(web3j);
        ArtifactStore store = new ArtifactStore(cacheDir.resolve("artifacts"));
        Outcome<JobContext> setup =
            JobContext.open(
                client,
                jobId,
                new ArtifactFetcher(store, 64L << 20, java.time.Duration.ofSeconds(30)),
                64L << 20);
        if (setup instanceof Outcome.Rejected<JobContext> r) {
          if (JobContext.retryable(r.rejection())) {
            System.err.println(
                "error: cannot fetch job "
                    + jobId
                    + "'s artifacts: "
                    + r.rejection()
                    + "; run the audit again once the requester's store is reachable");
            return 2;
          }
          System.err.println(
              "job "
                  + jobId
                  + " cannot be run ("
                  + r.rejection()
                  + "): every agreed round"
                  + " must be the committee's refusal (model unchanged, scores 0, no flags)");
        }
        JobAudit audit = JobAudit.audit(client, jobId, setup);
        if (json) {
          System.out.println(JSON.writeValueAsString(audit.toJson()));
        } else {
          System.out.printf("job %s: %d settled rounds%n", jobId, audit.rounds().size());
          for (JobAudit.Round r : audit.rounds()) {
            System.out.printf(
                "round %-3d %-12s recomputed %-4s commitments %-4s books %-4s %s%n",
                r.round() + 1,
                r.agreed() ? "agreed" : "no-consensus",
                r.recomputed() ? "ok" : "NO",
                r.commitmentsOk() ? "ok" : "NO",
                r.booksOk() ? "ok" : "NO",
                r.detail());
          }
          audit
              .penalties()
              .forEach((node, wei) -> System.out.printf("penalised %s %s wei%n", node, wei));
          unsettled(client);
          System.out.println(audit.ok() ? "re-check: OK" : "re-check FAILED");
        }
        return audit.ok() ? 0 : 1;
      } finally {
        web3j.shutdown();
      }
    }
  }
}
