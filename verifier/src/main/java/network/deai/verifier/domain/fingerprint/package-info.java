/**
 * Result fingerprints: SHA-256 of canonical bytes (EXACT) and a seeded 256-bit SimHash (SIMILAR),
 * with their Hamming distance.
 */
@NullMarked
package network.deai.verifier.domain.fingerprint;

import org.jspecify.annotations.NullMarked;
