/**
 * Canonical forms of model outputs: pure rules that turn output tensors into the values replicas
 * compare, chosen so that honest hardware and runtime noise does not change them.
 */
@NullMarked
package network.deai.verifier.domain.canonical;

import org.jspecify.annotations.NullMarked;
