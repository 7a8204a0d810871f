/** Pure node rules: canonical encodings and the task journal's state machine. No I/O. */
@NullMarked
package network.deai.node.domain;

import org.jspecify.annotations.NullMarked;
