/** {@code compozy run} and {@code compozy executions}: start, follow and steer executions. */
@NullMarked
package io.compozy.cli.executions;

import org.jspecify.annotations.NullMarked;
