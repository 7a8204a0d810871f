package network.deai.node.explorer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.deai.node.audit.TaskAudit;

/**
 * One named re-check and what it found: {@code ok} exactly when {@code failures} is empty, each
 * failure one line. A task's audit problems are sorted into the four re-checks of {@code deai audit
 * task}: commitments, selection (seed and draw), verdict and books; a sampled task's also into its
 * decision (recomputed from the decision block's hash) and its challenge (bond and payout).
 */
public record ReCheck(String name, String description, List<String> failures) {

  /** Copies the failures. */
  public ReCheck {
    failures = List.copyOf(failures);
  }

  /** Whether the re-check passed. */
  public boolean ok() {
    return failures.isEmpty();
  }

  /**
   * The task's re-checks, each with the audit's problems that belong to it; a sampled task has two
   * more: its check decision and its challenge.
   */
  public static List<ReCheck> ofTask(TaskAudit audit) {
    Map<String, List<String>> found = new HashMap<>();
    for (String problem : audit.problems()) {
      found.computeIfAbsent(checkOf(problem), k -> new ArrayList<>()).add(problem);
    }
    int count = audit.sampling().sampled() ? TASK_CHECKS.size() : 4;
    List<ReCheck> checks = new ArrayList<>();
    for (List<String> check : TASK_CHECKS.subList(0, count)) {
      checks.add(
          new ReCheck(check.get(0), check.get(1), found.getOrDefault(check.get(0), List.of())));
    }
    return List.copyOf(checks);
  }

  /** The task re-check a problem of the audit belongs to. */
  private static String checkOf(String problem) {
    if (problem.startsWith("sampling decision")) {
      return "decision";
    } else if (problem.startsWith("challenge ")) {
      return "challenge";
    } else if (problem.contains("do not hash to its commitment")) {
      return "commitments";
    } else if (problem.startsWith("selection seed") || problem.startsWith("the seed of the draw")) {
      return "selection";
    } else if (problem.startsWith("recomputed verdict")
        || problem.startsWith("an unchecked sampled task")) {
      return "verdict";
    }
    return "books"; // "books: ..." and "replica N is X, the rules give Y"
  }

  /** Each task re-check's name and description; the last two are a sampled task's. */
  private static final List<List<String>> TASK_CHECKS =
      List.of(
          List.of(
              "commitments",
              "every reveal hashes to its seat's commitment (chain id, contract, task, worker,"
                  + " result, fingerprint, salt)"),
          List.of(
              "selection",
              "each draw's seed is keccak256(blockhash(seedBlock), taskId) and picked the recorded"
                  + " replicas"),
          List.of(
              "verdict",
              "the consensus rule over the revealed fingerprints gives the chain's verdict"),
          List.of(
              "books",
              "each seat's outcome, pay and penalty, and the requester's credit follow the payout"
                  + " rules"),
          List.of(
              "decision",
              "keccak256(blockhash(decisionBlock), taskId, SAMPLE_TAG) mod 10000 < rate gives the"
                  + " recorded check decision, as TaskSampled recorded it"),
          List.of(
              "challenge",
              "the challenge's bond is challengeBond, and where the bond went follows the"
                  + " outcome"));
}
