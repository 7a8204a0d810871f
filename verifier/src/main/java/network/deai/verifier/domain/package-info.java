/** Pure, deterministic verifier rules: no I/O, no clock, no chain access. */
@NullMarked
package network.deai.verifier.domain;

import org.jspecify.annotations.NullMarked;
