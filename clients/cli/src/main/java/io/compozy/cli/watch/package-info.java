/**
 * The live view of an execution: its SSE stream read, resumed after a drop, and drawn as a task
 * tree.
 */
@NullMarked
package io.compozy.cli.watch;

import org.jspecify.annotations.NullMarked;
