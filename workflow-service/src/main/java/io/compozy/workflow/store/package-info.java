/** Execution state in Postgres (schema {@code engine}): load for update, save, dedupe. */
@NullMarked
package io.compozy.workflow.store;

import org.jspecify.annotations.NullMarked;
