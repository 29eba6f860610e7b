package io.compozy.scheduler.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code compozy.scheduler}: where executions are started, and the catch-up rule.
 *
 * @param executionUrl execution-service's base URL (schedules start executions through its API,
 *     with the fire key as {@code Idempotency-Key}, so a repeated start is the same execution)
 * @param catchUp after downtime: {@code once} (default) for the missed window, {@code none}, or {@code all}
 * @param catchUpLimit the most missed times {@code all} fires
 * @param grace how late a fire time may be and still count as on time
 */
@ConfigurationProperties("compozy.scheduler")
public record SchedulerProperties(String executionUrl, FireDecision.CatchUp catchUp, Integer catchUpLimit, Duration grace) {
  public SchedulerProperties {
    executionUrl = executionUrl == null ? "http://127.0.0.1:5003" : executionUrl;
    catchUp = catchUp == null ? FireDecision.CatchUp.ONCE : catchUp;
    catchUpLimit = catchUpLimit == null ? 100 : catchUpLimit;
    grace = grace == null ? Duration.ofSeconds(30) : grace;
  }
}
