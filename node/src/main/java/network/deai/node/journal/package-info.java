/**
 * Write-ahead journals: {@link network.deai.node.journal.LineJournal}, an append-only file of
 * checksummed lines fsynced before anything is signed, and the worker's task journal on it (the job
 * journal uses it too).
 */
@NullMarked
package network.deai.node.journal;

import org.jspecify.annotations.NullMarked;
