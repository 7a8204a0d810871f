/** Test fixtures shared through the test-jar: a real local chain and deployment helpers. */
@NullMarked
package network.deai.contracts.testing;

import org.jspecify.annotations.NullMarked;
