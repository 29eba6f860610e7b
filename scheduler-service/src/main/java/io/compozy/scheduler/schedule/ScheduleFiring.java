package io.compozy.scheduler.schedule;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.support.loop.BatchLoop;
import io.compozy.support.tracing.TraceSpans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Fires due schedules, once each across replicas: a tick locks the due rows (FOR UPDATE SKIP
 * LOCKED), decides with {@link FireDecision} what each does (catch-up, overlap policy), starts the
 * executions through the API with the fire key {@code workflow@scheduled-time} as Idempotency-Key,
 * records each fire under that key, and sets the next fire time, all in one transaction. A replica
 * that dies mid-fire leaves the row to another, whose start with the same key is the same
 * execution.
 */
@Component
@EnableConfigurationProperties(SchedulerProperties.class)
class ScheduleFiring implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ScheduleFiring.class);
  private static final int BATCH = 20;

  private final ScheduleStore store;
  private final ScheduleSync sync;
  private final ExecutionClient executions;
  private final TransactionalOperator tx;
  private final SchedulerProperties properties;
  private final Clock clock;
  private final BatchLoop loop;

  private final Meter.MeterProvider<Counter> fires;
  private final Meter.MeterProvider<Counter> misses;
  private final TraceSpans spans;

  ScheduleFiring(
      ScheduleStore store,
      ScheduleSync sync,
      ExecutionClient executions,
      TransactionalOperator tx,
      SchedulerProperties properties,
      Clock clock,
      MeterRegistry meters,
      TraceSpans spans) {
    this.spans = spans;
    this.fires =
        Counter.builder("compozy.schedule.fires")
            .description("schedule due times that fired, by workflow and outcome")
            .withRegistry(meters);
    this.misses =
        Counter.builder("compozy.schedule.misses")
            .description("schedule due times that started no run, by workflow and reason")
            .withRegistry(meters);
    this.store = store;
    this.sync = sync;
    this.executions = executions;
    this.tx = tx;
    this.properties = properties;
    this.clock = clock;
    this.loop = new BatchLoop("schedules", Duration.ofMillis(200), BATCH, this::tick);
  }

  private Mono<Integer> tick() {
    return sync.syncOnce()
        .then(tx.transactional(store.lockDue(BATCH).concatMap(this::fire).count()))
        .map(Long::intValue)
        .onErrorResume(
            e -> {
              log.warn(
                  "schedule tick failed; the due schedules are tried again next tick: {}",
                  e.toString());
              return Mono.just(0);
            });
  }

  /** What one locked schedule does now. */
  private Mono<Void> fire(ScheduleStore.Row row) {
    ScheduleSpec spec = row.effective();
    Instant now = clock.instant();
    FireTimes times;
    try {
      times = spec.times();
    } catch (IllegalArgumentException e) {
      return store.afterFire(
          row.workflowId(),
          row.lastRunTime(),
          row.lastRunStatus(),
          row.lastExecId(),
          null,
          null,
          null);
    }
    Run run = new Run(row);
    Mono<Void> steps = Mono.empty();
    if (!spec.enabled()) {
      run.buffered = null; // turned off: a run waiting its turn is dropped too
    } else if (row.buffered() != null && !run.previousRunning()) {
      Instant buffered = row.buffered();
      run.buffered = null;
      steps = steps.then(start(run, spec, buffered));
    }
    List<Instant> due = new ArrayList<>();
    if (spec.enabled()
        && row.nextRunTime() != null
        && row.fireAt() != null
        && !row.fireAt().isAfter(now)) {
      due.add(row.nextRunTime());
      due.addAll(times.between(row.nextRunTime(), now, properties.catchUpLimit()));
    }
    List<Instant> toFire = FireDecision.toFire(due, now, properties.grace(), properties.catchUp());
    if (toFire.size() < due.size()) {
      missed(row.workflowId(), "catch_up", due.size() - toFire.size());
    }
    for (Instant t : toFire) {
      steps =
          steps.then(
              Mono.defer(
                  () ->
                      switch (FireDecision.overlap(spec.overlapPolicy(), run.previousRunning())) {
                        case START -> start(run, spec, t);
                        case SKIP -> record(run, t, "skipped");
                        case BUFFER -> {
                          if (run.buffered != null) {
                            yield record(run, t, "skipped"); // one run waits already
                          }
                          run.buffered = t; // its fire key is claimed when it starts
                          run.lastRunStatus = "buffered";
                          yield Mono.empty();
                        }
                        case CANCEL_PREVIOUS_AND_START ->
                            executions.cancel(run.lastExecId).then(start(run, spec, t));
                      }));
    }
    Instant after = due.isEmpty() ? now : due.getLast().isAfter(now) ? due.getLast() : now;
    return steps.then(
        Mono.defer(
            () -> {
              Optional<Instant> next = spec.enabled() ? times.next(after) : Optional.empty();
              Instant fireAt =
                  next.map(n -> n.plus(FireTimes.jitter(spec.jitter(), row.workflowId(), n)))
                      .orElse(null);
              return store.afterFire(
                  row.workflowId(),
                  run.lastRunTime,
                  run.lastRunStatus,
                  run.lastExecId,
                  run.buffered,
                  next.orElse(null),
                  fireAt);
            }));
  }

  /** A schedule's state while one tick works on it. */
  private static final class Run {
    final String workflowId;
    Instant lastRunTime;
    String lastRunStatus;
    String lastExecId;
    Instant buffered;
    boolean startedNow;
    final @Nullable ExecutionStatus previousStatus;

    Run(ScheduleStore.Row row) {
      workflowId = row.workflowId();
      lastRunTime = row.lastRunTime();
      lastRunStatus = row.lastRunStatus();
      lastExecId = row.lastExecId();
      buffered = row.buffered();
      previousStatus = row.execStatus();
    }

    boolean previousRunning() {
      return startedNow
          || lastExecId != null && previousStatus != null && !previousStatus.isFinished();
    }
  }

  private Mono<Void> start(Run run, ScheduleSpec spec, Instant scheduled) {
    String key = fireKey(run.workflowId, scheduled);
    return store
        .claim(key, run.workflowId, scheduled, "starting")
        .flatMap(
            claimed -> {
              if (!claimed) {
                return Mono
                    .empty(); // fired already (a tick that committed before this one read the row)
              }
              // a fire starts a trace of its own, which the execution it starts continues
              Span span =
                  spans.start(
                      "schedule fire " + run.workflowId,
                      null,
                      Map.of("workflow_id", run.workflowId, "scheduled_for", scheduled.toString()));
              return executions
                  .start(run.workflowId, spec.input(), key, spans.traceparent(span))
                  .doFinally(signal -> span.end())
                  .flatMap(
                      execId -> {
                        run.lastExecId = execId;
                        run.lastRunTime = scheduled;
                        run.lastRunStatus = "started";
                        run.startedNow = true;
                        log.info(
                            "schedule of {} fired for {}: execution {}",
                            run.workflowId,
                            scheduled,
                            execId);
                        fired(run.workflowId, "started");
                        return store.fired(key, execId, "started");
                      })
                  .onErrorResume(
                      ExecutionClient.Refused.class,
                      e -> {
                        run.lastRunTime = scheduled;
                        run.lastRunStatus = "start_refused: " + e.getMessage();
                        log.warn(
                            "schedule of {} for {} could not start: {}",
                            run.workflowId,
                            scheduled,
                            e.getMessage());
                        fired(run.workflowId, "refused");
                        return store.fired(key, null, "refused");
                      });
            });
  }

  /**
   * {@code compozy_schedule_fires_total}: a due time that started a run, or whose start was
   * refused.
   */
  private void fired(String workflowId, String outcome) {
    fires.withTags("workflow", workflowId, "outcome", outcome).increment();
  }

  /**
   * {@code compozy_schedule_misses_total}: due times that started nothing (overlap policy, catch-up
   * rule).
   */
  private void missed(String workflowId, String reason, int n) {
    misses.withTags("workflow", workflowId, "reason", reason).increment(n);
  }

  private Mono<Void> record(Run run, Instant scheduled, String outcome) {
    if (outcome.equals("skipped")) {
      missed(run.workflowId, "overlap", 1);
    }
    run.lastRunTime = scheduled;
    run.lastRunStatus = outcome;
    return store
        .claim(fireKey(run.workflowId, scheduled), run.workflowId, scheduled, outcome)
        .then();
  }

  static String fireKey(String workflowId, Instant scheduled) {
    return "schedule:" + workflowId + "@" + scheduled;
  }

  @Override
  public void start() {
    loop.start();
  }

  @Override
  public void stop() {
    loop.stop();
  }

  @Override
  public boolean isRunning() {
    return loop.isRunning();
  }
}
