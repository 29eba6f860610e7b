/**
 * Event triggers: CloudEvents on {@code compozy.events} (from {@code POST /events}, signal tasks,
 * or users' own producers) start the workflows whose {@code triggers} name their type.
 */
@NullMarked
package io.compozy.scheduler.trigger;

import org.jspecify.annotations.NullMarked;
