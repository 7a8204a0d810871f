/**
 * The worker's write-ahead journal: append-only, checksummed, fsynced before anything is signed.
 */
@NullMarked
package network.deai.node.journal;

import org.jspecify.annotations.NullMarked;
