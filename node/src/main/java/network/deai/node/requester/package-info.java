/**
 * The requester's side: upload artifacts, build and submit a task spec with its fee in escrow,
 * follow the task to a final state and fetch the verified result.
 */
@NullMarked
package network.deai.node.requester;

import org.jspecify.annotations.NullMarked;
