/**
 * Experiments and benchmarks behind {@code deai bench}: robustness of aggregation rules under
 * attacks, Shapley estimators on digits, SimHash calibration and JMH aggregation timings.
 */
@NullMarked
package network.deai.bench;

import org.jspecify.annotations.NullMarked;
