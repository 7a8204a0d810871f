/**
 * The worker's moving parts: executors, the artifact store and fetcher, the worker service that
 * follows the chain and drives each task through commit and reveal, and the HTTP verticle.
 */
@NullMarked
package network.deai.node.exec;

import org.jspecify.annotations.NullMarked;
