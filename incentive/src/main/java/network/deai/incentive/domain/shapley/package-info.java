/**
 * Shapley-value estimators of trainers' contributions (exact, Monte Carlo, truncated, GTG) and
 * Sybil-robust cluster scoring.
 */
@NullMarked
package network.deai.incentive.domain.shapley;

import org.jspecify.annotations.NullMarked;
