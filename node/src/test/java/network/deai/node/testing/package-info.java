/**
 * Tools that play a hostile environment around honest workers, for the node's crash and RPC-fault
 * tests and {@code deai bench faults} (which gets them through this module's test jar): an RPC
 * proxy that misbehaves on demand ({@link RpcProxy}) and workers as separate JVMs that can be
 * SIGKILLed at every step of the commit-reveal protocol ({@link WorkerProcess}, {@link
 * PausingWorker}). None of them is part of the node.
 */
@NullMarked
package network.deai.node.testing;

import org.jspecify.annotations.NullMarked;
