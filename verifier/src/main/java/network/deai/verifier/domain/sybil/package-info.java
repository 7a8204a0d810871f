/**
 * Sybil detection from update similarity: FoolsGold weights and clusters of near-duplicate updates;
 * identities' histories over a job and whether they point against its progress.
 */
@NullMarked
package network.deai.verifier.domain.sybil;

import org.jspecify.annotations.NullMarked;
