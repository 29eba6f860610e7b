package io.compozy.execution.knowledge;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.compozy.contracts.message.IngestStatus;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An ingestion job as the API shows it: its progress in documents ({@code documents_done} of {@code
 * documents_total}, known once planned) and chunks ({@code chunks} of the documents done, {@code
 * embedded} of them new or changed, {@code kept} unchanged), {@code deleted} at the end.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestJob(
    String jobId,
    String knowledgeBaseId,
    IngestStatus status,
    int documentsDone,
    int documentsTotal,
    int chunks,
    int embedded,
    int kept,
    int deleted,
    @Nullable Map<String, String> error,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant finishedAt) {

  public IngestStatus state() {
    return status;
  }

  static IngestJob of(Map<String, String> h) {
    String field = h.get("error_field");
    return new IngestJob(
        h.get("id"),
        h.get("knowledge_base_id"),
        IngestStatus.ofWire(h.get("status")),
        number(h, "documents_done"),
        number(h, "documents_total"),
        number(h, "chunks"),
        number(h, "embedded"),
        number(h, "kept"),
        number(h, "deleted"),
        field == null
            ? null
            : Map.of("field", field, "message", h.getOrDefault("error_message", "")),
        Instant.parse(h.get("created_at")),
        Instant.parse(h.get("updated_at")),
        h.get("finished_at") == null ? null : Instant.parse(h.get("finished_at")));
  }

  private static int number(Map<String, String> h, String key) {
    String v = h.get(key);
    return v == null ? 0 : Integer.parseInt(v);
  }
}
