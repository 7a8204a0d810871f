/** Hash functions behind one small API (Bouncy Castle). */
@NullMarked
package network.deai.contracts.crypto;

import org.jspecify.annotations.NullMarked;
