/**
 * The orchestrator's pure core: {@code decide(state, input, now) → (state, effects)}. No I/O, no
 * clock, no logging: what happened is an effect or an event.
 */
@NullMarked
package io.compozy.workflow.engine;

import org.jspecify.annotations.NullMarked;
