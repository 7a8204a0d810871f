/** Validation-rate economics: when cheating stops paying. */
@NullMarked
package network.deai.incentive.domain.economics;

import org.jspecify.annotations.NullMarked;
