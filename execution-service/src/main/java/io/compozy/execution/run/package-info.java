/** Starting and reading executions over HTTP. */
@NullMarked
package io.compozy.execution.run;

import org.jspecify.annotations.NullMarked;
