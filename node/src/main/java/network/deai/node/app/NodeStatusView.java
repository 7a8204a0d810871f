package network.deai.node.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import network.deai.node.domain.Node;

/**
 * What {@code deai node status} prints: the node as the TaskManager sees it, and whether it is
 * paused locally ({@code deai node pause} wrote the flag file a running node reads), which the
 * contract does not know. Wei are written as decimal strings in JSON, so that no reader rounds
 * them.
 *
 * @param address the node's address
 * @param node the node's record on the TaskManager
 * @param owed what the TaskManager owes the node, in wei
 * @param pausedLocally whether the pause flag exists in the node's data directory
 */
record NodeStatusView(String address, Node node, BigInteger owed, boolean pausedLocally) {
  /** The status on chain, and the local pause when there is one. */
  String state() {
    String onChain = node.status().solidityName();
    return pausedLocally
        ? onChain + ", paused locally (deai node resume to take work again)"
        : onChain;
  }

  /** One line for a terminal. */
  String text() {
    return String.format(
        "node %s  %s  stake %s wei  owed %s wei  active task %s  exit block %s  slashed %d times",
        address,
        state(),
        node.stake(),
        owed,
        node.activeTask(),
        node.exitBlock(),
        node.slashCount());
  }

  /** A JSON object, pretty-printed. */
  String json() {
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("address", address);
    json.put("status", node.status().solidityName());
    json.put("pausedLocally", pausedLocally);
    json.put("state", state());
    json.put("stake", node.stake().toString());
    json.put("owed", owed.toString());
    json.put("activeTask", node.activeTask());
    json.put("exitBlock", node.exitBlock());
    json.put("slashCount", node.slashCount());
    return json.toPrettyString();
  }
}
