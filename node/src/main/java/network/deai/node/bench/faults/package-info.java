/**
 * Fault injection for {@code deai bench faults} and the worker's fault tests: an RPC proxy that
 * misbehaves ({@link network.deai.node.bench.faults.RpcProxy}), workers as separate JVMs that can
 * be SIGKILLed at every step of the commit-reveal protocol ({@link
 * network.deai.node.bench.faults.WorkerProcess}, {@link
 * network.deai.node.bench.faults.PausingWorker}), an artifact origin that stalls, a disk that fills
 * up, and the bench that combines them and checks that no honest node was slashed, no task was lost
 * and every wei is accounted for. These play a hostile environment; none of them is worker
 * behaviour, and the node never loads them.
 */
@NullMarked
package network.deai.node.bench.faults;

import org.jspecify.annotations.NullMarked;
