/**
 * Cron schedules: when a workflow's {@code schedule:} fires ({@link FireTimes}, pure), the
 * schedules kept in Postgres with their overrides, the firing loop (each tick once across
 * replicas), and the {@code /schedules} API.
 */
@NullMarked
package io.compozy.scheduler.schedule;

import org.jspecify.annotations.NullMarked;
