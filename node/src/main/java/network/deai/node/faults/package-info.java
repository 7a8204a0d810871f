/**
 * Fault-injection tools shared by the worker's crash and RPC-fault tests and {@code deai bench
 * faults}: an RPC proxy that misbehaves on demand ({@link RpcProxy}) and workers as separate JVMs
 * that can be SIGKILLed at every step of the commit-reveal protocol ({@link WorkerProcess}, {@link
 * PausingWorker}). They play a hostile environment; the worker never loads them.
 */
@NullMarked
package network.deai.node.faults;

import org.jspecify.annotations.NullMarked;
