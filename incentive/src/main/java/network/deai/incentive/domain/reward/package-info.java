/** Reward and penalty rules in integer wei, exactly as the contracts compute them. */
@NullMarked
package network.deai.incentive.domain.reward;

import org.jspecify.annotations.NullMarked;
