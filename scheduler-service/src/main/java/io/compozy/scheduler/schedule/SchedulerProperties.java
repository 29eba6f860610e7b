package io.compozy.scheduler.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code compozy.scheduler}: the catch-up rule. (Executions are started through execution-service's
 * API at {@code compozy.services.execution}.)
 *
 * @param catchUp after downtime: {@code once} (default) for the missed window, {@code none}, or
 *     {@code all}
 * @param catchUpLimit the most missed times {@code all} fires
 * @param grace how late a fire time may be and still count as on time
 */
@ConfigurationProperties("compozy.scheduler")
public record SchedulerProperties(
    FireDecision.CatchUp catchUp, Integer catchUpLimit, Duration grace) {
  public SchedulerProperties {
    catchUp = catchUp == null ? FireDecision.CatchUp.ONCE : catchUp;
    catchUpLimit = catchUpLimit == null ? 100 : catchUpLimit;
    grace = grace == null ? Duration.ofSeconds(30) : grace;
  }
}
