package io.compozy.workflow.messaging;

import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.EngineMessage;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.catalog.ResourceCatalog;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.OutboxMessage;
import io.compozy.support.outbox.StatementWrites;
import io.compozy.support.tracing.TraceSpans;
import io.compozy.workflow.engine.Decider;
import io.compozy.workflow.engine.Effect;
import io.compozy.workflow.engine.ExecutionState;
import io.compozy.workflow.engine.Transition;
import io.compozy.workflow.engine.WorkflowContext;
import io.compozy.workflow.store.ExecutionStateStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Applies a batch of engine messages: reads the states, decides, and writes states, processed
 * message ids and outbox in one statement (atomic without a transaction: two round trips per
 * batch).
 */
@Component
class EngineBatchProcessor {
  static final String CONSUMER = "workflow-service";
  private static final Logger log = LoggerFactory.getLogger(EngineBatchProcessor.class);

  private final ExecutionStateStore store;
  private final Outbox outbox;
  private final ResourceCatalog catalog;
  private final Clock clock;
  private final Decider decider = new Decider();
  private final PinnedDefinitions definitions;
  private final EndNotices endNotices;
  private final RecentStates recent = new RecentStates();
  private final Timer batchTimer;
  private final Counter messageCounter;
  private final TraceSpans spans;
  private final EngineMetrics metrics;

  /**
   * The Reactor context key of a batch's traces: message id → the {@code traceparent} its record
   * carried.
   */
  private static final String TRACES = "compozy.engine.traces";

  EngineBatchProcessor(
      ExecutionStateStore store,
      Outbox outbox,
      ResourceCatalog catalog,
      Clock clock,
      EndNotices endNotices,
      MeterRegistry meters,
      TraceSpans spans,
      EngineMetrics metrics) {
    this.spans = spans;
    this.metrics = metrics;
    this.store = store;
    this.outbox = outbox;
    this.catalog = catalog;
    this.clock = clock;
    this.definitions = new PinnedDefinitions(store, catalog);
    this.endNotices = endNotices;
    this.batchTimer =
        Timer.builder("compozy.engine.batch")
            .description("time to apply one batch of engine messages: read, decide, write")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    this.messageCounter =
        Counter.builder("compozy.engine.messages")
            .description("engine messages applied")
            .register(meters);
  }

  Mono<Void> process(List<EngineMessage> batch) {
    return process(batch, Map.of());
  }

  /** {@code traces}: each message's trace (by message id), which the decision on it continues. */
  Mono<Void> process(List<EngineMessage> batch, Map<String, String> traces) {
    return processUntraced(batch).contextWrite(c -> c.put(TRACES, traces));
  }

  private Mono<Void> processUntraced(List<EngineMessage> batch) {
    Map<String, EngineMessage> unique = new LinkedHashMap<>();
    batch.forEach(m -> unique.putIfAbsent(m.messageId(), m));
    Set<String> execIds = new LinkedHashSet<>();
    unique.values().forEach(m -> execIds.add(m.execId()));
    Mono<Void> fromPostgres =
        Mono.defer(
            () ->
                store
                    .read(CONSUMER, unique.keySet(), execIds)
                    .flatMap(b -> decideAndWrite(unique.values(), b)));
    // states this instance wrote last are trusted without a read; if another instance wrote one
    // meanwhile, or a message was applied already, the write fails whole: go again from Postgres
    Mono<Void> work =
        recent
            .all(execIds)
            .map(
                states ->
                    decideAndWrite(
                            unique.values(), new ExecutionStateStore.LoadedBatch(states, Set.of()))
                        .onErrorResume(
                            e -> {
                              recent.forget(execIds);
                              return fromPostgres;
                            }))
            .orElse(fromPostgres);
    long started = System.nanoTime();
    return work.doOnError(e -> recent.forget(execIds))
        .then(Mono.<Void>fromRunnable(outbox::wake))
        .doOnSuccess(
            v -> {
              batchTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
              messageCounter.increment(unique.size());
            });
  }

  private Mono<Void> decideAndWrite(
      Collection<EngineMessage> messages, ExecutionStateStore.LoadedBatch batchState) {
    List<EngineMessage> fresh =
        messages.stream().filter(m -> !batchState.applied().contains(m.messageId())).toList();
    if (fresh.isEmpty()) {
      return Mono.empty();
    }
    Map<String, ExecutionStateStore.Loaded> read = batchState.states();
    if (definitions.known(read)) {
      // on the thread that has the states: the consumer's own (it waits for this batch anyway)
      // or, after a read, a parallel one; a hand-over to another thread costs a wake-up each batch
      return Mono.deferContextual(c -> apply(fresh, read, c.getOrDefault(TRACES, Map.of())));
    }
    // decisions are CPU work: off the event loop the definitions' read ends on, which the database
    // connections of every service in this JVM share (run there, they held up others' queries)
    return definitions
        .load(read)
        .publishOn(Schedulers.parallel())
        .then(Mono.deferContextual(c -> apply(fresh, read, c.getOrDefault(TRACES, Map.of()))));
  }

  private Mono<Void> apply(
      List<EngineMessage> messages,
      Map<String, ExecutionStateStore.Loaded> read,
      Map<String, String> traces) {
    Map<String, ExecutionState> states = new HashMap<>();
    read.forEach((id, l) -> states.put(id, l.state()));
    Set<String> changed = new LinkedHashSet<>();
    List<OutboxMessage> out = new ArrayList<>();
    Map<String, BatchTimers> timers = new LinkedHashMap<>();
    Map<String, String> timerTraces = new HashMap<>();
    for (EngineMessage m : messages) {
      ExecutionState state = states.get(m.execId());
      if (state == null) {
        log.warn("message {} is for unknown execution {}; dropped", m.messageId(), m.execId());
        continue;
      }
      Span span =
          spans.start(
              "decide " + m.getClass().getSimpleName(),
              traces.get(m.messageId()),
              Map.of("exec_id", m.execId(), "workflow_id", state.workflowId()));
      Transition t;
      try {
        t = decide(state, read.get(m.execId()).pin(), m);
      } catch (RuntimeException bug) {
        // a defect met by one execution ends that execution, not the batch (and the other
        // executions in it)
        log.error(
            "deciding message {} of execution {} failed; the execution is ended",
            m.messageId(),
            m.execId(),
            bug);
        t =
            decider.abandon(
                state,
                new StepError(
                    "internal_error", "the orchestrator failed on this execution: " + bug),
                clock.instant());
        span.error(bug);
      }
      span.tag("status", t.state().status().wireName());
      span.end();
      String traceparent = spans.traceparent(span);
      if (t.changed(state)) {
        states.put(m.execId(), t.state());
        changed.add(m.execId());
        for (Effect e : t.effects()) {
          if (e instanceof Effect.SetTimer || e instanceof Effect.CancelTimer) {
            timers
                .computeIfAbsent(m.execId(), id -> new BatchTimers(read.get(id).state().timers()))
                .add(e, m.messageId());
            if (traceparent != null) {
              timerTraces.put(
                  m.execId(), traceparent); // the timer's firing continues the decision that set it
            }
          } else {
            out.add(toOutbox(e, traceparent));
          }
        }
      }
    }
    timers.forEach(
        (execId, changes) ->
            changes
                .message(execId)
                .ifPresent(
                    t ->
                        out.add(
                            new OutboxMessage(
                                t.topic(),
                                t.key(),
                                t.messageId(),
                                t.payload(),
                                timerTraces.get(execId)))));
    List<ExecutionState> toSave = changed.stream().map(states::get).toList();
    // a failed check (another consumer got there first, during a rebalance) fails the write whole;
    // the batch goes again from Postgres, then (if it fails again) message by message
    StatementWrites writes =
        store.writes(
            toSave, read, CONSUMER, messages.stream().map(EngineMessage::messageId).toList());
    return outbox
        .appendWith(writes, out)
        .doOnSuccess(
            v -> {
              recent.wrote(read, toSave);
              endNotices.tell(toSave);
              metrics.wrote(read, toSave, clock.instant());
            });
  }

  private Transition decide(ExecutionState state, ExecutionStateStore.Pin pin, EngineMessage m) {
    Optional<WorkflowDef> wf = definitions.of(pin);
    if (wf.isEmpty()) {
      // the definition was deleted after the execution was created: it cannot go on
      return decider.abandon(
          state,
          new StepError(
              "workflow_not_found", "workflow '" + state.workflowId() + "' is no longer defined"),
          clock.instant());
    }
    return decider.decide(
        state,
        m,
        new WorkflowContext(
            wf.get(),
            catalog.project().orElse(null),
            catalog::agent,
            catalog.models(),
            catalog::memory,
            catalog::mcp,
            catalog::tool,
            catalog::schema,
            id -> catalog.knowledgeBases().stream().filter(kb -> kb.id().equals(id)).findFirst()),
        clock.instant());
  }

  private static OutboxMessage toOutbox(Effect e, @Nullable String traceparent) {
    return switch (e) {
      case Effect.DispatchStep d ->
          new OutboxMessage(d.topic(), d.key(), d.messageId(), Json.write(d.step()), traceparent);
      case Effect.EmitEvent ev ->
          new OutboxMessage(
              Topics.EXECUTION_EVENTS,
              ev.event().execId(),
              ev.event().messageId(),
              Json.write(ev.event()),
              traceparent);
      case Effect.SetTimer t ->
          throw new IllegalArgumentException("timers go out per execution: " + t.timerId());
      case Effect.CancelTimer t ->
          throw new IllegalArgumentException("timers go out per execution: " + t.timerId());
      case Effect.PublishEvent p ->
          new OutboxMessage(
              Topics.EVENTS, p.eventId(), p.eventId(), Json.write(p.cloudEvent()), traceparent);
    };
  }
}
