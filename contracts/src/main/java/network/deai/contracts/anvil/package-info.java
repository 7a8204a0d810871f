/** Starts and stops a local anvil chain (the embedded default chain) on a free loopback port. */
@NullMarked
package network.deai.contracts.anvil;

import org.jspecify.annotations.NullMarked;
