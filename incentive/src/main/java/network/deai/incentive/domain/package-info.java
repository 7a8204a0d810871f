/** Pure, deterministic incentive rules: no I/O, no clock, no chain access. */
@NullMarked
package network.deai.incentive.domain;

import org.jspecify.annotations.NullMarked;
