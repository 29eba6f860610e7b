package io.compozy.execution.stream;

import io.compozy.contracts.execution.EventType;
import io.compozy.contracts.id.ExecutionIds;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.ExecutionEvent;
import io.compozy.support.execution.ExecutionRecords;
import io.compozy.support.problem.ApiProblem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /executions/workflows/{id}/stream}: Server-Sent Events with the execution's event seq
 * as id. {@code Last-Event-ID} (or {@code last_event_id}) resumes after that event; {@code events=}
 * keeps only the named ones; a {@code : ping} comment goes out every 15 s; the stream ends after
 * {@code complete} or {@code error}.
 */
@RestController
@RequestMapping("/api/v0")
@Tag(name = "Executions")
class ExecutionStreamHandler {
  /** The events a stream carries (a buffered signal is the engine's own note, not streamed). */
  static final List<EventType> STREAMED =
      List.of(
          EventType.WORKFLOW_START,
          EventType.WORKFLOW_STATUS,
          EventType.TASK_STATUS,
          EventType.LLM_CHUNK,
          EventType.COMPLETE,
          EventType.ERROR);

  private final ExecutionStreams streams;
  private final ExecutionRecords records;
  private final Duration ping;

  /** Open event streams of this instance: {@code compozy_sse_subscribers}. */
  private final AtomicInteger subscribers = new AtomicInteger();

  ExecutionStreamHandler(
      ExecutionStreams streams,
      ExecutionRecords records,
      @Value("${compozy.stream.ping-interval:15s}") Duration ping,
      MeterRegistry meters) {
    Gauge.builder("compozy.sse.subscribers", subscribers, AtomicInteger::get)
        .description("execution event streams open on this instance")
        .register(meters);
    this.streams = streams;
    this.records = records;
    this.ping = ping;
  }

  @GetMapping(
      path = "/executions/workflows/{execId}/stream",
      produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  @Operation(
      operationId = "streamExecution",
      summary =
          "A workflow execution's events as they happen (SSE; " + "resumes after Last-Event-ID)")
  Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> streamWorkflow(
      @PathVariable String execId,
      @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventHeader,
      @RequestParam(name = "last_event_id", required = false) @Nullable String lastEventParam,
      @RequestParam(name = "events", required = false) @Nullable String eventsParam) {
    return stream(execId, lastEventHeader, lastEventParam, eventsParam);
  }

  @GetMapping(
      path = "/executions/agents/{execId}/stream",
      produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  @Operation(
      operationId = "streamAgentExecution",
      summary = "An agent execution's events as they happen (SSE)")
  Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> streamAgent(
      @PathVariable String execId,
      @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventHeader,
      @RequestParam(name = "last_event_id", required = false) @Nullable String lastEventParam,
      @RequestParam(name = "events", required = false) @Nullable String eventsParam) {
    return stream(execId, lastEventHeader, lastEventParam, eventsParam);
  }

  @GetMapping(
      path = "/executions/tasks/{execId}/stream",
      produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  @Operation(
      operationId = "streamTaskExecution",
      summary = "A task execution's events as they happen (SSE)")
  Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> streamTask(
      @PathVariable String execId,
      @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventHeader,
      @RequestParam(name = "last_event_id", required = false) @Nullable String lastEventParam,
      @RequestParam(name = "events", required = false) @Nullable String eventsParam) {
    return stream(execId, lastEventHeader, lastEventParam, eventsParam);
  }

  private Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> stream(
      String execId,
      @Nullable String lastEventHeader,
      @Nullable String lastEventParam,
      @Nullable String eventsParam) {
    long after = lastEventId(lastEventHeader != null ? lastEventHeader : lastEventParam);
    Set<EventType> wanted = wanted(eventsParam);
    if (!ExecutionIds.isExecutionId(execId)) {
      return Mono.error(ApiProblem.notFound("execution", execId));
    }
    return records
        .status(execId)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("execution", execId)))
        .map(
            status -> {
              // always live: an execution the database shows finished may not have its last events
              // in
              // the Redis stream yet (they travel through Kafka); the stream ends at `complete` or
              // `error`
              Flux<ServerSentEvent<String>> events =
                  streams
                      .events(execId, after, true)
                      .filter(e -> wanted.contains(e.type()))
                      .map(ExecutionStreamHandler::toSse);
              Flux<ServerSentEvent<String>> withPings =
                  events.publish(
                      shared ->
                          Flux.merge(
                              shared,
                              Flux.interval(ping, ping)
                                  .map(
                                      i ->
                                          ServerSentEvent.<String>builder().comment("ping").build())
                                  .takeUntilOther(shared.then(Mono.just(1)))));
              return ResponseEntity.ok()
                  .contentType(MediaType.TEXT_EVENT_STREAM)
                  .header("Cache-Control", "no-cache")
                  .header("X-Accel-Buffering", "no")
                  .body(
                      withPings
                          .doOnSubscribe(sub -> subscribers.incrementAndGet())
                          .doFinally(signal -> subscribers.decrementAndGet()));
            });
  }

  private static ServerSentEvent<String> toSse(ExecutionEvent e) {
    if (e.seq() == 0) { // a token chunk: not stored, so not a point to resume from
      return ServerSentEvent.<String>builder()
          .event(e.type().wireName())
          .data(Json.write(e.data()))
          .build();
    }
    return ServerSentEvent.<String>builder()
        .id(Long.toString(e.seq()))
        .event(e.type().wireName())
        .data(Json.write(e))
        .build();
  }

  private static long lastEventId(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long id = Long.parseLong(value.trim());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest(
              "invalid_parameter",
              "Last-Event-ID must be the integer id of an event, got '" + value + "'")
          .with("field", "Last-Event-ID");
    }
  }

  private static Set<EventType> wanted(@Nullable String events) {
    if (events == null || events.isBlank()) {
      return Set.copyOf(STREAMED);
    }
    List<String> names =
        Arrays.stream(events.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    Map<String, EventType> known = new LinkedHashMap<>();
    STREAMED.forEach(t -> known.put(t.wireName(), t));
    List<String> unknown = names.stream().filter(n -> !known.containsKey(n)).toList();
    if (!unknown.isEmpty()) {
      throw ApiProblem.badRequest(
              "invalid_parameter",
              "unknown event name(s) " + unknown + "; known: " + known.keySet())
          .with("field", "events");
    }
    return names.stream().map(known::get).collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
