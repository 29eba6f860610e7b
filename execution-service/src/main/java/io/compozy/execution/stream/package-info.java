/** Each execution's events in Redis: a capped stream (SSE replay) and a status cache. */
@NullMarked
package io.compozy.execution.stream;

import org.jspecify.annotations.NullMarked;
