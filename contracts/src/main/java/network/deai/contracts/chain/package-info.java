/** Helpers over web3j shared by every module: decoding custom errors from revert data. */
@NullMarked
package network.deai.contracts.chain;

import org.jspecify.annotations.NullMarked;
