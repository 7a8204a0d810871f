package network.deai.node.explorer;

import java.util.ArrayList;
import java.util.List;
import network.deai.node.audit.TaskAudit;

/**
 * One named re-check and what it found: {@code ok} exactly when {@code failures} is empty, each
 * failure one line. A task's audit problems are sorted into the four re-checks of {@code deai audit
 * task}: commitments, selection (seed and draw), verdict and books.
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

  /** The task's re-checks, each with the audit's problems that belong to it. */
  public static List<ReCheck> ofTask(TaskAudit audit) {
    List<String> commitments = new ArrayList<>();
    List<String> selection = new ArrayList<>();
    List<String> verdict = new ArrayList<>();
    List<String> books = new ArrayList<>();
    for (String problem : audit.problems()) {
      if (problem.contains("do not hash to its commitment")) {
        commitments.add(problem);
      } else if (problem.startsWith("selection seed")
          || problem.startsWith("the seed of the draw")) {
        selection.add(problem);
      } else if (problem.startsWith("recomputed verdict")) {
        verdict.add(problem);
      } else {
        books.add(problem); // "books: ..." and "replica N is X, the rules give Y"
      }
    }
    return List.of(
        new ReCheck(
            "commitments",
            "every reveal hashes to its seat's commitment (chain id, contract, task, worker, result,"
                + " fingerprint, salt)",
            commitments),
        new ReCheck(
            "selection",
            "each draw's seed is keccak256(blockhash(seedBlock), taskId) and picked the recorded"
                + " replicas",
            selection),
        new ReCheck(
            "verdict",
            "the consensus rule over the revealed fingerprints gives the chain's verdict",
            verdict),
        new ReCheck(
            "books",
            "each seat's outcome, pay and penalty, and the requester's credit follow the payout"
                + " rules",
            books));
  }
}
