/** The {@code deai} command line: config loading, wiring and {@code main}. */
@NullMarked
package network.deai.node.app;

import org.jspecify.annotations.NullMarked;
