/** The execution service: the executions API and the workers that run steps. */
@NullMarked
package io.compozy.execution;

import org.jspecify.annotations.NullMarked;
