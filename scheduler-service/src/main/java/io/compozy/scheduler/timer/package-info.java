/**
 * Durable timers for the orchestrator: stored from {@code compozy.timers}, fired once on {@code
 * compozy.commands}.
 */
@NullMarked
package io.compozy.scheduler.timer;

import org.jspecify.annotations.NullMarked;
