/**
 * The node's adapters over web3j: keystores, and later the chain watcher and transaction sender.
 */
@NullMarked
package network.deai.node.chain;

import org.jspecify.annotations.NullMarked;
