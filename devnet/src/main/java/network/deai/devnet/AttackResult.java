package network.deai.devnet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/**
 * One attack's measured outcome.
 *
 * @param name the attack
 * @param attackerGainWei the attacker's net change in value held for it by the contract (owed plus
 *     stake returned minus fees, escrow and stake paid in); gas is not counted
 * @param honestLossWei stake the honest identities lost during the attack
 * @param details what else the attack measured, for the JSON report
 */
record AttackResult(
    String name, BigInteger attackerGainWei, BigInteger honestLossWei, ObjectNode details) {
  /** Whether the attack paid off or cost an honest identity stake. */
  boolean succeeded() {
    return attackerGainWei.signum() > 0 || honestLossWei.signum() > 0;
  }
}
