package io.compozy.execution.knowledge;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.compozy.contracts.message.IngestStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@code data} of the knowledge API's answers, typed so the document and its clients are. */
final class KnowledgeAnswers {
  private KnowledgeAnswers() {}

  /**
   * What {@code POST /ingest} answers: Compozy's counts once the job ended within the wait (200),
   * or the job to follow while it goes on (202).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "IngestOutcome")
  record IngestOutcome(
      @Nullable String knowledgeBaseId,
      @Nullable Integer documents,
      @Nullable Integer chunks,
      @Nullable Integer persisted,
      @Nullable Integer kept,
      @Nullable Integer deleted,
      @Nullable String jobId,
      @Nullable IngestStatus status,
      @Nullable IngestJob ingestion) {
    static IngestOutcome done(IngestJob job) {
      return new IngestOutcome(
          job.knowledgeBaseId(),
          job.documentsTotal(),
          job.chunks(),
          job.embedded(),
          job.kept(),
          job.deleted(),
          job.jobId(),
          job.status(),
          null);
    }

    static IngestOutcome going(IngestJob job) {
      return new IngestOutcome(null, null, null, null, null, null, null, null, job);
    }
  }

  /** One ingestion job. */
  @Schema(name = "IngestionAnswer")
  record Ingestion(IngestJob ingestion) {}

  /** A base's recent ingestion jobs, newest first. */
  @Schema(name = "IngestionList")
  record Ingestions(List<IngestJob> ingestions) {}

  /** One chunk that matched a query, with Compozy's keys. */
  @Schema(name = "KnowledgeMatch")
  record Match(
      String bindingId,
      String content,
      double score,
      Map<String, Object> metadata,
      int tokenEstimate) {}

  /** The chunks nearest to a query, best first. */
  @Schema(name = "KnowledgeMatches")
  record Matches(List<Match> matches) {}
}
