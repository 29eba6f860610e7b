package io.compozy.execution.worker;

import io.compozy.contracts.execution.StepKind;
import io.compozy.contracts.execution.StepOutcome;
import io.compozy.support.execution.ExecutionRecords;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Where and when each step ran ({@code engine.step_runs}), for the execution's timeline: written
 * after the result is sent, many runs to a statement (every 200 ms or 500 runs), off the workers'
 * threads. Best effort: a row lost to a Postgres outage leaves a gap in a timeline, never a step
 * undone.
 */
@Component
public class StepRuns implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(StepRuns.class);

  /** One run of a step by this instance. */
  public record Run(
      String execId,
      String taskId,
      int attempt,
      StepKind kind,
      Instant queuedAt,
      Instant startedAt,
      Instant endedAt,
      boolean succeeded) {}

  private final DatabaseClient db;
  private final String worker;
  private final Sinks.Many<Run> runs = Sinks.many().unicast().onBackpressureBuffer();
  private final Disposable writer;

  StepRuns(DatabaseClient db, @Value("${compozy.instance-id:}") String instanceId) {
    this.db = db;
    this.worker = instanceId.isBlank() ? host() + ":" + ProcessHandle.current().pid() : instanceId;
    // fair back-pressure: while a write is in flight the runs wait in the buffer (without it the
    // timer overflows a busy writer and ends the stream)
    this.writer =
        runs.asFlux()
            .bufferTimeout(500, Duration.ofMillis(200), true)
            .concatMap(this::write)
            .subscribe(null, e -> log.error("step runs are no longer written to the timeline", e));
  }

  /** This instance's name in timelines. */
  public String worker() {
    return worker;
  }

  public void record(Run run) {
    runs.emitNext(run, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
  }

  private Mono<Void> write(List<Run> batch) {
    return db.sql(
            "insert into engine.step_runs (exec_id, task_id, attempt, kind, worker, queued_at,"
                + " started_at, ended_at, outcome) select u.e, u.t, u.a, u.k, :worker,"
                + " u.q::timestamptz, u.s::timestamptz, u.x::timestamptz, u.o from"
                + " unnest(:e::text[], :t::text[], :a::int[], :k::text[], :q::text[], :s::text[],"
                + " :x::text[], :o::text[]) as u(e, t, a, k, q, s, x, o) where exists (select 1"
                + " from "
                + ExecutionRecords.EXECUTIONS
                + " ex where ex.exec_id = u.e) on conflict (exec_id,"
                + " task_id, attempt) do update set kind = excluded.kind, worker = excluded.worker,"
                + " queued_at = excluded.queued_at, started_at = excluded.started_at, ended_at ="
                + " excluded.ended_at, outcome = excluded.outcome")
        .bind("worker", worker)
        .bind("e", batch.stream().map(Run::execId).toArray(String[]::new))
        .bind("t", batch.stream().map(Run::taskId).toArray(String[]::new))
        .bind("a", batch.stream().map(Run::attempt).toArray(Integer[]::new))
        .bind("k", batch.stream().map(r -> r.kind().label()).toArray(String[]::new))
        .bind("q", batch.stream().map(r -> r.queuedAt().toString()).toArray(String[]::new))
        .bind("s", batch.stream().map(r -> r.startedAt().toString()).toArray(String[]::new))
        .bind("x", batch.stream().map(r -> r.endedAt().toString()).toArray(String[]::new))
        .bind(
            "o",
            batch.stream()
                .map(r -> StepOutcome.of(r.succeeded()).wireName())
                .toArray(String[]::new))
        .then()
        .timeout(Duration.ofSeconds(10))
        .onErrorResume(
            e -> {
              log.warn("{} step runs not written to the timeline: {}", batch.size(), e.toString());
              return Mono.empty();
            });
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  @Override
  public void destroy() {
    runs.tryEmitComplete();
    writer.dispose();
  }
}
