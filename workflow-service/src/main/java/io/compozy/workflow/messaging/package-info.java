/**
 * The shell around the decision core: consume a batch, load states, decide, write states,
 * processed ids and the outbox in one transaction, publish after commit, commit offsets.
 */
@NullMarked
package io.compozy.workflow.messaging;

import org.jspecify.annotations.NullMarked;
