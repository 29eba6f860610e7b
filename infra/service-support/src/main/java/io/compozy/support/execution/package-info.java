/**
 * The shared execution record ({@code engine.executions} and {@code engine.task_states}): created
 * by execution-service at a start, written by workflow-service (its owner) after that, and read by
 * every other service through {@link io.compozy.support.execution.ExecutionRecords} only, so its
 * schema is named in one place.
 */
@NullMarked
package io.compozy.support.execution;

import org.jspecify.annotations.NullMarked;
