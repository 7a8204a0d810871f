/**
 * Deterministic pure-Java learning: the bundled digits data, a small model, local training and the
 * attacks used in robustness experiments. Bitwise reproducible for the same inputs.
 */
@NullMarked
package network.deai.learning;

import org.jspecify.annotations.NullMarked;
