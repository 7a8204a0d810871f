/**
 * Canonical on-chain encodings shared by every module: words, commitments, fingerprints' on-chain
 * form.
 */
@NullMarked
package network.deai.contracts.abi;

import org.jspecify.annotations.NullMarked;
