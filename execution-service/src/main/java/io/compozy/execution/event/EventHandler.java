package io.compozy.execution.event;

import io.compozy.contracts.id.ExecutionIds;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.Violation;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /events} {@code {name, payload, id?}}: the event goes onto {@code compozy.events} as
 * a CloudEvent (structured mode, {@code type} = name, keyed by its id) and the answer, 202 with the
 * {@code event_id}, comes once Kafka has it. Workflows whose triggers match start from there.
 */
@RestController
@RequestMapping("/api/v0")
@Tag(name = "Events")
class EventHandler {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:/-]{1,200}");
  private final KafkaTemplate<String, String> kafka;
  private final Clock clock;

  EventHandler(KafkaTemplate<String, String> kafka, Clock clock) {
    this.kafka = kafka;
    this.clock = clock;
  }

  /** The request body: the event name, its payload and, to make retries safe, its own id. */
  record EventRequest(@Nullable Object name, @Nullable Object payload, @Nullable Object id) {}

  /** An event taken: its id (the one given, or a new one). */
  @Schema(name = "EventAccepted")
  record Accepted(String eventId) {}

  @PostMapping("/events")
  @Operation(
      operationId = "publishEvent",
      summary = "Publishes an event; workflows triggered by it start")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Accepted")
  Mono<ResponseEntity<ApiResponse<Accepted>>> publish(
      @RequestBody EventRequest body,
      @AuthenticationPrincipal(expression = "userId") String userId) {
    List<Violation> problems = new ArrayList<>();
    if (!(body.name() instanceof String name) || !NAME.matcher(name).matches()) {
      problems.add(
          new Violation(
              "/name",
              "must be a string of letters, digits and . _ : / - (at most 200), naming the event"));
    }
    if (body.id() != null && !(body.id() instanceof String s && ID.matcher(s).matches())) {
      problems.add(
          new Violation("/id", "must be a string of letters, digits and . _ : / - (at most 200)"));
    }
    if (!problems.isEmpty()) {
      return Mono.error(ApiProblem.invalidInput("the event is not valid", problems));
    }
    String eventId = body.id() != null ? (String) body.id() : ExecutionIds.next("evt_");
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("id", eventId);
    event.put("source", userId == null ? "compozy/api" : "compozy/api/users/" + userId);
    event.put("type", body.name());
    event.put("time", clock.instant().toString());
    event.put("datacontenttype", "application/json");
    if (body.payload() != null) {
      event.put("data", body.payload());
    }
    return Mono.fromFuture(() -> kafka.send(Topics.EVENTS, eventId, Json.write(event)))
        .map(
            sent ->
                ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(
                        ApiResponse.of(
                            HttpStatus.ACCEPTED, new Accepted(eventId), "Event accepted")));
  }
}
