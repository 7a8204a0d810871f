/**
 * The devnet: the project's main job. It starts a local chain (or uses a given one), deploys the
 * contracts, registers and runs honest and adversarial workers, submits a real inference workload
 * and reports what the protocol did with each identity.
 */
@NullMarked
package network.deai.devnet;

import org.jspecify.annotations.NullMarked;
