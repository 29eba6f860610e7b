/**
 * The shell around the decision core: consume a batch, read states, decide, write states, processed
 * ids and the outbox in one statement (one implicit transaction), publish after it, commit offsets.
 */
@NullMarked
package io.compozy.workflow.messaging;

import org.jspecify.annotations.NullMarked;
