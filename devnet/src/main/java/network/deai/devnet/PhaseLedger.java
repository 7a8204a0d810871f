package network.deai.devnet;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.SamplingRules;

/**
 * What the workers did in one phase of a devnet run (one validation mode over the workload): the
 * phase's terms, which spec digest became which task, every real execution and every cheat. Specs
 * are unique within a phase (each carries its task's seed), and phases run one after the other, so
 * a spec digest names one task of the phase. Thread-safe: workers record from their own threads.
 */
final class PhaseLedger {
  /**
   * The terms every task of the phase offers.
   *
   * @param mode "replicated" or "sampled"
   * @param sampleRateBps 0 for full replication, else the check probability in basis points
   * @param replicas seats budgeted per task (1 + validators when sampled)
   * @param fee wei per task
   * @param slash the contract's slash amount, wei
   */
  record Terms(String mode, int sampleRateBps, int replicas, BigInteger fee, BigInteger slash) {
    /** Checks ranges. */
    Terms {
      if (sampleRateBps < 0 || sampleRateBps > SamplingRules.BPS || replicas < 1) {
        throw new IllegalArgumentException("need a rate in 0..10000 bps and replicas >= 1");
      }
    }

    /** Whether the tasks are sampled. */
    boolean sampled() {
      return sampleRateBps > 0;
    }

    /** fee / replicas: what one seat earns. */
    BigInteger feeShare() {
      return fee.divide(BigInteger.valueOf(replicas));
    }

    /**
     * The probability, in basis points, that the result of seat {@code seat} is compared with
     * another's: a sampled task's executor (seat 0) is checked with the sample rate, everyone else
     * always.
     */
    int checkRateBps(int seat) {
      return sampled() && seat == 0 ? sampleRateBps : SamplingRules.BPS;
    }
  }

  /** A worker cheated on the task of spec {@code specDigest}. */
  record Cheat(Bytes32 specDigest, String worker) {}

  private final Terms terms;
  private final Set<Bytes32> specs;
  private final Map<Bytes32, BigInteger> tasks = new HashMap<>();
  private final Map<Bytes32, Integer> executions = new HashMap<>();
  private final Set<Cheat> cheats = new HashSet<>();

  /** A phase of {@code terms} over the tasks of these spec digests. */
  PhaseLedger(Terms terms, Set<Bytes32> specs) {
    this.terms = terms;
    this.specs = Set.copyOf(specs);
  }

  Terms terms() {
    return terms;
  }

  /** Whether {@code spec} is one of the phase's tasks. */
  boolean covers(Bytes32 spec) {
    return specs.contains(spec);
  }

  /** Records that {@code spec}'s task got id {@code taskId}. */
  synchronized void assign(Bytes32 spec, BigInteger taskId) {
    if (!covers(spec)) {
      throw new IllegalArgumentException("spec " + spec + " is not part of this phase");
    }
    tasks.put(spec, taskId);
  }

  /** The task of {@code spec}, once submitted. */
  synchronized Optional<BigInteger> task(Bytes32 spec) {
    return Optional.ofNullable(tasks.get(spec));
  }

  /** One real execution of {@code spec}'s task; ignored for specs of another phase. */
  synchronized void executed(Bytes32 spec) {
    if (covers(spec)) {
      executions.merge(spec, 1, Integer::sum);
    }
  }

  /** {@code worker} returned a wrong result for {@code spec}'s task without computing it. */
  synchronized void cheated(Bytes32 spec, String worker) {
    if (covers(spec)) {
      cheats.add(new Cheat(spec, worker.toLowerCase(Locale.ROOT)));
    }
  }

  /** Real executions so far, over all tasks of the phase. */
  synchronized int executions() {
    return executions.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Real executions of task {@code taskId} so far. */
  synchronized int executions(BigInteger taskId) {
    return tasks.entrySet().stream()
        .filter(e -> e.getValue().equals(taskId))
        .mapToInt(e -> executions.getOrDefault(e.getKey(), 0))
        .sum();
  }

  /** Which workers cheated on task {@code taskId} (lower-case addresses). */
  synchronized List<String> cheaters(BigInteger taskId) {
    return cheats.stream()
        .filter(c -> taskId.equals(tasks.get(c.specDigest())))
        .map(Cheat::worker)
        .sorted()
        .toList();
  }

  /** Cheats so far. */
  synchronized int cheats() {
    return cheats.size();
  }
}
