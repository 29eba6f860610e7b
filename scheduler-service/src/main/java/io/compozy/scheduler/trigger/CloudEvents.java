package io.compozy.scheduler.trigger;

import io.compozy.contracts.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Kafka record as a CloudEvent 1.0: structured mode (the value is the event as JSON, with
 * {@code specversion}, {@code id}, {@code type}, {@code data}) or binary mode (attributes in {@code
 * ce_*} headers, the value is the data). A record that is neither is refused with the reason.
 */
final class CloudEvents {
  private CloudEvents() {}

  /** An event: its id (or the record's topic/partition/offset when it has none), type and data. */
  record Event(String id, boolean ownId, String type, @Nullable Object data) {}

  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String reason) {
      super(reason, null, false, false);
    }
  }

  static Event read(ConsumerRecord<String, String> record) {
    String fallbackId = record.topic() + "/" + record.partition() + "/" + record.offset();
    String binaryType = header(record, "ce_type");
    if (binaryType != null) {
      String id = header(record, "ce_id");
      return new Event(id == null ? fallbackId : id, id != null, binaryType, data(record.value()));
    }
    Object parsed;
    try {
      parsed = record.value() == null ? null : Json.plain(record.value());
    } catch (RuntimeException e) {
      throw new Invalid(
          "the record is neither a structured CloudEvent (JSON) nor a binary one (ce_type header): "
              + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> event)) {
      throw new Invalid("a structured CloudEvent is a JSON object");
    }
    if (!(event.get("type") instanceof String type) || type.isBlank()) {
      throw new Invalid("the CloudEvent has no `type` (the trigger name)");
    }
    if (event.get("specversion") != null
        && !"1.0".equals(String.valueOf(event.get("specversion")))) {
      throw new Invalid("specversion " + event.get("specversion") + " is not supported (1.0 is)");
    }
    Object id = event.get("id");
    return new Event(
        id == null ? fallbackId : String.valueOf(id), id != null, type, event.get("data"));
  }

  private static @Nullable Object data(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Json.plain(value);
    } catch (RuntimeException notJson) {
      return value;
    }
  }

  private static @Nullable String header(ConsumerRecord<String, String> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
