package network.deai.node.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.exec.OperatorRequest;
import picocli.CommandLine;

/**
 * A provider's transaction handed to the running {@code deai node run}, which alone owns the key's
 * nonces ({@link OperatorRequest}): checked here first, so a refusal is one line at once, then
 * answered by the node in one line, or refused after {@code --wait} with what to check.
 */
final class NodeHandOver {
  private NodeHandOver() {}

  /** Checks the call, hands it to the running node and prints the node's one-line answer. */
  static int run(
      TaskManagerClient client,
      String address,
      Path data,
      OperatorRequest.Action request,
      Duration timeout) {
    String what = request.command();
    client
        .simulate(address, request.calldata(client), request.value(client, address))
        .ifPresent(
            error -> {
              throw new IllegalArgumentException(
                  what + " refused: " + NodeStakeCommands.explain(error));
            });
    String id = OperatorRequest.submit(data, request);
    System.out.printf(
        "deai node run holds %s: %s handed to it; waiting up to %d s for it to confirm%n",
        data, what, timeout.toSeconds());
    System.out.flush();
    OperatorRequest.Outcome outcome = awaitAnswer(data, request, id, timeout);
    if (!outcome.ok()) {
      throw new IllegalArgumentException(outcome.message());
    }
    System.out.println(outcome.message());
    if (request == OperatorRequest.Action.EXIT || request == OperatorRequest.Action.TOP_UP) {
      NodeStakeCommands.print(client, address);
    }
    return 0;
  }

  private static OperatorRequest.Outcome awaitAnswer(
      Path data, OperatorRequest.Action request, String id, Duration timeout) {
    try {
      Optional<OperatorRequest.Outcome> outcome = OperatorRequest.await(data, request, id, timeout);
      if (outcome.isPresent()) {
        return outcome.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (OperatorRequest.pending(data, request).filter(id::equals).isPresent()) {
      try {
        java.nio.file.Files.deleteIfExists(OperatorRequest.requestFile(data, request));
      } catch (java.io.IOException e) {
        // the node answers it later; the message below still holds
      }
    }
    throw new IllegalArgumentException(
        "the running node did not confirm "
            + request.command()
            + " within "
            + timeout.toSeconds()
            + " s and the request is withdrawn; check that it follows the chain (its log, GET"
            + " /status), then run this again");
  }

  /** {@code --wait}: how long a command handed to the running node waits for its answer. */
  static final class WaitOption {
    @CommandLine.Option(
        names = "--wait",
        defaultValue = "180",
        paramLabel = "SECONDS",
        description =
            "While deai node run runs with this key, the command is handed to it (it alone owns"
                + " the key's nonces): how long to wait for it to confirm (default"
                + " ${DEFAULT-VALUE}).")
    long seconds = 180;

    Duration timeout() {
      if (seconds <= 0) {
        throw new IllegalArgumentException("--wait must be 1 or more seconds");
      }
      return Duration.ofSeconds(seconds);
    }
  }
}
