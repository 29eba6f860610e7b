/** The roles an execution-service instance runs: the API, the workers, or both. */
@NullMarked
package io.compozy.execution.role;

import org.jspecify.annotations.NullMarked;
