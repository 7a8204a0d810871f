/**
 * Sybil detection from update similarity: FoolsGold weights and clusters of near-duplicate updates.
 */
@NullMarked
package network.deai.verifier.domain.sybil;

import org.jspecify.annotations.NullMarked;
