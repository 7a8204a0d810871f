/**
 * The block explorer: an in-memory index of a TaskManager's events, followed block by block with
 * {@code eth_getLogs} in bounded ranges, and a Vert.x server with a JSON API and one static page
 * that shows tasks, nodes, transactions and the books, each with the re-check of {@code deai audit}
 * (computed on demand and cached per task and block).
 */
@NullMarked
package network.deai.node.explorer;

import org.jspecify.annotations.NullMarked;
