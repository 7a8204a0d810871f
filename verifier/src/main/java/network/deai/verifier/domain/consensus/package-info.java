/**
 * The verdict rule over revealed fingerprints, mirrored bit for bit from the TaskManager contract.
 */
@NullMarked
package network.deai.verifier.domain.consensus;

import org.jspecify.annotations.NullMarked;
