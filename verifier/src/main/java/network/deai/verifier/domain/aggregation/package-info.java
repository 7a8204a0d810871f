/**
 * Byzantine-robust aggregation rules over model updates; bitwise deterministic for any thread
 * count.
 */
@NullMarked
package network.deai.verifier.domain.aggregation;

import org.jspecify.annotations.NullMarked;
