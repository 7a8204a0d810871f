package network.deai.bench.app;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import network.deai.bench.faults.FaultsBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai bench faults}: honest workers under injected faults lose nothing. */
@Command(
    name = "faults",
    mixinStandardHelpOptions = true,
    description =
        "Start anvil, deploy, and run honest workers as separate processes behind fault proxies"
            + " (slow answers, 429s, malformed and truncated JSON, outages), SIGKILLed and"
            + " restarted at every commit-reveal step (after prepare, after signing the commit"
            + " with its broadcast refused, after the broadcast before the journal write, after"
            + " the commit, after the reveal), one with a disk that fills up for 10 s (needs"
            + " prlimit), and tasks whose inputs stall on their origin for a while or for good."
            + " Ends with honest_slashed, tasks_lost and wei_unaccounted (all must be 0; the exit"
            + " status is 0 only then), tasks_settled, faults_injected, crashes and wall_seconds.")
final class BenchFaultsCommand implements Callable<Integer> {
  @Option(names = "--tasks", defaultValue = "50", description = "Tasks (default ${DEFAULT-VALUE}).")
  int tasks = 50;

  @Option(
      names = "--workers",
      defaultValue = "6",
      description = "Honest workers, at least 4 (default ${DEFAULT-VALUE}).")
  int workers = 6;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the RPC fault schedule (default ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(
      names = "--block-time",
      defaultValue = "1",
      description = "Anvil's block time in seconds (default ${DEFAULT-VALUE}).")
  int blockTime = 1;

  @Option(
      names = "--crash-rounds",
      defaultValue = "2",
      description = "Times each crash point is reached and killed (default ${DEFAULT-VALUE}).")
  int crashRounds = 2;

  @Option(
      names = "--window",
      defaultValue = "60",
      description =
          "Commit and reveal windows in blocks; must outlast a kill and restart (default"
              + " ${DEFAULT-VALUE}).")
  int window = 60;

  @Option(
      names = "--timeout-minutes",
      defaultValue = "30",
      description = "Give up waiting for the tasks after this long (default ${DEFAULT-VALUE}).")
  int timeoutMinutes = 30;

  @Override
  public Integer call() throws Exception {
    FaultsBench.Report report =
        FaultsBench.run(
            new FaultsBench.Settings(
                tasks,
                workers,
                seed,
                blockTime,
                crashRounds,
                window,
                Duration.ofMinutes(timeoutMinutes)),
            System.out);
    for (Map.Entry<String, Long> fault : report.faults().entrySet()) {
      System.out.printf(Locale.ROOT, "  fault %-26s %d%n", fault.getKey(), fault.getValue());
    }
    report
        .crashPoints()
        .forEach((point, n) -> System.out.printf(Locale.ROOT, "  crash %-26s %d%n", point, n));
    report
        .tally()
        .states()
        .forEach((state, n) -> System.out.printf(Locale.ROOT, "  state %-26s %d%n", state, n));
    report.tally().slashes().forEach(slash -> System.out.println("  slashed " + slash));
    System.out.printf(Locale.ROOT, "audit_problems %d%n", report.tally().auditProblems());
    System.out.printf(
        Locale.ROOT, "tasks_settled %d/%d%n", report.tally().settled(), report.tasks());
    System.out.printf(Locale.ROOT, "faults_injected %d%n", report.faultsInjected());
    System.out.printf(Locale.ROOT, "crashes %d%n", report.crashes());
    System.out.printf(Locale.ROOT, "wall_seconds %.1f%n", report.seconds());
    System.out.printf(Locale.ROOT, "honest_slashed %d%n", report.tally().honestSlashed());
    System.out.printf(Locale.ROOT, "tasks_lost %d%n", report.tally().tasksLost());
    System.out.printf(Locale.ROOT, "wei_unaccounted %s%n", report.tally().weiUnaccounted());
    return report.clean() ? 0 : 1;
  }
}
