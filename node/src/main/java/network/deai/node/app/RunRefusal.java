package network.deai.node.app;

import java.util.Optional;
import network.deai.node.domain.Node;

/**
 * Why {@code deai node run} must not start for a node in this state on the TaskManager, as one line
 * that says what to do instead. A node with a task in hand always runs, so that it can finish it
 * and not be slashed; one that is not registered, has exited, or is exiting or deactivated with
 * nothing left to do would only wait for work that never comes.
 */
final class RunRefusal {
  private RunRefusal() {}

  /** The refusal for {@code address}, whose record is {@code node} at block {@code block}. */
  static Optional<String> of(String address, Node node, long block) {
    if (node.activeTask() != 0) {
      return Optional.empty();
    }
    String reason =
        switch (node.status()) {
          case ACTIVE -> "";
          case NONE ->
              address
                  + " is not registered with this TaskManager: run deai node register with the same"
                  + " --config first";
          case EXITED ->
              address
                  + " has exited this TaskManager and taken its stake back, and an address"
                  + " registers only once: make a new key (deai keys new), set keystore_file to"
                  + " it and run deai node register";
          case EXITING -> exiting(address, node, block);
          case DEACTIVATED ->
              address
                  + " is deactivated (a slash took its stake below the node stake) and is never"
                  + " picked: run deai node top-up to be picked again, or deai node exit to leave";
        };
    return reason.isEmpty() ? Optional.empty() : Optional.of(reason);
  }

  private static String exiting(String address, Node node, long block) {
    String then = "deai node withdraw-stake, and deai node withdraw for its earnings";
    return address
        + " is exiting (never picked again) and has no task left: "
        + (node.exitBlock() > block
            ? "once block " + node.exitBlock() + " is reached, when its unbonding ends, run " + then
            : "its unbonding is over, run " + then);
  }
}
