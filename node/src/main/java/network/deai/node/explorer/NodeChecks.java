package network.deai.node.explorer;

import java.math.BigInteger;
import java.util.List;
import network.deai.node.domain.Node;

/**
 * A node's re-checks: what the registry holds for it must follow from its events. Its stake is what
 * it registered and topped up less its slashes and withdrawn stake; its slash count is the number
 * of {@code ReplicaSlashed} events; what it is owed is what it was paid or credited less what it
 * withdrew.
 */
final class NodeChecks {
  private NodeChecks() {}

  static List<ReCheck> of(Node info, BigInteger owed, ChainIndex.Account flows) {
    BigInteger stake = flows.stakeIn().subtract(flows.slashed()).subtract(flows.stakeOut());
    BigInteger due = flows.credited().subtract(flows.withdrawn());
    return List.of(
        new ReCheck(
            "stake",
            "stake = registered + top-ups - slashes - withdrawn stake, from events",
            info.stake().equals(stake)
                ? List.of()
                : List.of("stake is " + info.stake() + " wei, the events give " + stake)),
        new ReCheck(
            "slashes",
            "the registry's slash count = the ReplicaSlashed events",
            info.slashCount() == flows.slashes()
                ? List.of()
                : List.of(
                    "slash count is "
                        + info.slashCount()
                        + ", the events give "
                        + flows.slashes())),
        new ReCheck(
            "owed",
            "owed = payouts and credits - withdrawals, from events",
            owed.equals(due)
                ? List.of()
                : List.of("owed is " + owed + " wei, the events give " + due)));
  }
}
