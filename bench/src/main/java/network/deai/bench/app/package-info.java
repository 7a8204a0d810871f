/**
 * The {@code deai bench} commands; the {@code deai} launcher adds {@link BenchCommand} to the
 * node's command line.
 */
@NullMarked
package network.deai.bench.app;

import org.jspecify.annotations.NullMarked;
