/**
 * Auditing: rebuild a task's or a node's whole on-chain record from events and views, and re-check
 * it (commitments recomputed from the revealed salts, the verdict recomputed with the contract's
 * rule, the books of every settled task balanced).
 */
@NullMarked
package network.deai.node.audit;

import org.jspecify.annotations.NullMarked;
