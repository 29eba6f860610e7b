/**
 * Agent memory: message lists per memory instance in Redis, bounded and redacted as the memory
 * resource says; the memory worker ({@code compozy.steps.memory}) and the {@code /memory} API.
 */
@NullMarked
package io.compozy.execution.memory;

import org.jspecify.annotations.NullMarked;
