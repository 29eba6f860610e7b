package io.compozy.scheduler.trigger;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.SchemaRefs;
import io.compozy.contracts.dsl.TriggerType;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.dsl.WorkflowDef.TriggerDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.contracts.schema.Violation;
import io.compozy.contracts.topic.Topics;
import io.compozy.scheduler.schedule.ExecutionClient;
import io.compozy.support.catalog.ResourceCatalog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Starts the workflows whose {@code triggers} hold {@code {type: signal, name}} equal to an event's
 * type, with the event's data as input once it passes the trigger's {@code schema}. The start goes
 * through the executions API with {@code event:<workflow>:<event id>} as Idempotency-Key, so an
 * event delivered or produced twice (within the key's 24 h) starts one execution; an event without
 * an id is keyed by its topic, partition and offset. An event that cannot be read, fails a schema,
 * or is refused goes to {@code compozy.events.DLT} with the reason in the {@code compozy-error}
 * header.
 */
@Component
class EventTriggers {
  private static final Logger log = LoggerFactory.getLogger(EventTriggers.class);
  static final String ERROR_HEADER = "compozy-error";

  private final ResourceCatalog catalog;
  private final ExecutionClient executions;
  private final KafkaTemplate<String, String> kafka;
  private final JsonSchemas schemas = new JsonSchemas();

  /** The signal triggers of each workflow version, read once. */
  private final Map<String, Map.Entry<Long, List<TriggerDef>>> triggers = new ConcurrentHashMap<>();

  EventTriggers(
      ResourceCatalog catalog, ExecutionClient executions, KafkaTemplate<String, String> kafka) {
    this.catalog = catalog;
    this.executions = executions;
    this.kafka = kafka;
  }

  @KafkaListener(
      id = "event-triggers",
      topics = Topics.EVENTS,
      groupId = "scheduler-triggers",
      concurrency = "${compozy.scheduler.trigger-consumers:1}")
  void onBatch(List<ConsumerRecord<String, String>> records) {
    Flux.fromIterable(records).concatMap(this::handle).then().block();
  }

  private Mono<Void> handle(ConsumerRecord<String, String> record) {
    CloudEvents.Event event;
    try {
      event = CloudEvents.read(record);
    } catch (CloudEvents.Invalid e) {
      return deadLetter(record, e.getMessage());
    }
    List<Mono<Void>> starts = new ArrayList<>();
    for (Map.Entry<String, TriggerDef> match : matching(event.type())) {
      starts.add(start(record, event, match.getKey(), match.getValue()));
    }
    return Flux.concat(starts).then();
  }

  @SuppressWarnings("unchecked")
  private Mono<Void> start(
      ConsumerRecord<String, String> record,
      CloudEvents.Event event,
      String workflowId,
      TriggerDef trigger) {
    if (!(event.data() instanceof Map<?, ?> input) && event.data() != null) {
      return deadLetter(
          record,
          "workflow '"
              + workflowId
              + "': the event's data is not a JSON object, so it cannot be a workflow input");
    }
    Map<String, Object> data = event.data() == null ? Map.of() : (Map<String, Object>) event.data();
    if (trigger.schema() != null) {
      List<Object> own = catalog.workflow(workflowId).map(WorkflowDef::schemas).orElse(null);
      Map<String, Object> schema =
          SchemaRefs.resolve(trigger.schema(), own, catalog::schema).orElse(null);
      if (schema == null) {
        return deadLetter(
            record,
            "workflow '"
                + workflowId
                + "': trigger '"
                + trigger.name()
                + "' names schema '"
                + trigger.schema()
                + "', which is not defined");
      }
      List<Violation> violations = schemas.validate(schema, data, "/data");
      if (!violations.isEmpty()) {
        return deadLetter(
            record,
            "workflow '"
                + workflowId
                + "': the event does not match trigger '"
                + trigger.name()
                + "': "
                + violations);
      }
    }
    String key = "event:" + workflowId + ":" + event.id();
    return executions
        .start(workflowId, data, key)
        .doOnNext(
            execId ->
                log.info(
                    "event {} ({}) started {} of workflow {}",
                    event.id(),
                    event.type(),
                    execId,
                    workflowId))
        .onErrorResume(
            ExecutionClient.Refused.class,
            e ->
                deadLetter(
                        record,
                        "workflow '" + workflowId + "' refused the event: " + e.getMessage())
                    .then(Mono.empty()))
        .then();
  }

  /** The workflows, with the trigger, that an event of this type starts. */
  private List<Map.Entry<String, TriggerDef>> matching(String type) {
    List<Map.Entry<String, TriggerDef>> out = new ArrayList<>();
    for (ResourceDocument d : catalog.documents(ResourceKinds.WORKFLOW)) {
      Map.Entry<Long, List<TriggerDef>> known = triggers.get(d.id());
      if (known == null || known.getKey() != d.version()) {
        WorkflowDef wf = Json.MAPPER.convertValue(d.body(), WorkflowDef.class);
        List<TriggerDef> signals =
            wf.triggers() == null
                ? List.of()
                : wf.triggers().stream()
                    .filter(
                        t ->
                            TriggerType.parse(t.type()).orElse(null) == TriggerType.SIGNAL
                                && t.name() != null)
                    .toList();
        known = Map.entry(d.version(), signals);
        triggers.put(d.id(), known);
      }
      known.getValue().stream()
          .filter(t -> type.equals(t.name()))
          .findFirst()
          .ifPresent(t -> out.add(Map.entry(d.id(), t)));
    }
    return out;
  }

  private Mono<Void> deadLetter(ConsumerRecord<String, String> record, String reason) {
    log.warn(
        "event at {}/{}/{} goes to {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        Topics.EVENTS + Topics.DEAD_LETTER_SUFFIX,
        reason);
    ProducerRecord<String, String> dead =
        new ProducerRecord<>(
            Topics.EVENTS + Topics.DEAD_LETTER_SUFFIX, record.key(), record.value());
    record.headers().forEach(h -> dead.headers().add(h));
    dead.headers().add(new RecordHeader(ERROR_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
    return Mono.fromFuture(() -> kafka.send(dead)).then();
  }
}
