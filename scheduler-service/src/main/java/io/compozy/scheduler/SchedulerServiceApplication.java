package io.compozy.scheduler;

import io.compozy.support.ServiceName;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Time and triggers: cron schedules, durable timers and event triggers. At this stage it owns its
 * schema and topics; the timers, schedules and triggers come with their issues.
 */
@SpringBootApplication
@ServiceName("scheduler-service")
public class SchedulerServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(SchedulerServiceApplication.class, args);
  }
}
