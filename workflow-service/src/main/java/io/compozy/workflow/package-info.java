/** The workflow service: the orchestrator of every execution. */
@NullMarked
package io.compozy.workflow;

import org.jspecify.annotations.NullMarked;
