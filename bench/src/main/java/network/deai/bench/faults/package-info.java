/**
 * {@code deai bench faults}: a fleet of honest workers as separate JVMs behind misbehaving RPC
 * proxies (the tools in {@code network.deai.node.testing}, from the node's test jar), SIGKILLed at
 * every step of the commit-reveal protocol, an artifact origin that stalls, a disk that fills up,
 * and the checks that no honest node was slashed, no task was lost and every wei is accounted for.
 * These play a hostile environment; none of them is worker behaviour.
 */
@NullMarked
package network.deai.bench.faults;

import org.jspecify.annotations.NullMarked;
