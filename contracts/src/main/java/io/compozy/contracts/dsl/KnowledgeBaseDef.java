package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A knowledge base (Compozy's {@code knowledge_bases}): where its documents come from, how they are
 * cut into chunks, which embedder makes their vectors and which vector store keeps them (the
 * offline defaults when not named), when it is ingested, and how it is searched.
 */
public record KnowledgeBaseDef(
    String id,
    @Nullable String description,
    @Nullable String embedder,
    @Nullable String vectorDb,
    @Nullable Ingest ingest,
    @Nullable List<Source> sources,
    @Nullable Chunking chunking,
    @Nullable Preprocess preprocess,
    @Nullable Retrieval retrieval,
    @Nullable Map<String, Object> metadata) {

  public static final int DEFAULT_CHUNK_SIZE = 800;
  public static final int DEFAULT_CHUNK_OVERLAP = 80;

  /**
   * When a knowledge base is ingested: at the platform's start, or only when asked ({@code POST
   * …/ingest}).
   */
  public enum Ingest {
    ON_START,
    MANUAL;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Ingest fromWire(String value) {
      return Arrays.stream(values())
          .filter(i -> i.wireName().equals(value))
          .findFirst()
          .orElseThrow(() -> WireNames.unknown(value, values()));
    }
  }

  /** Where documents come from. */
  public enum SourceType {
    /** Files under the project matching a glob ({@code path} or {@code paths}). */
    @JsonProperty("markdown_glob")
    MARKDOWN_GLOB,
    /** Plain-text files under the project matching a glob. */
    @JsonProperty("text_glob")
    TEXT_GLOB,
    /**
     * Documents fetched over HTTP(S) ({@code urls}): HTML, Markdown, text or PDF by their content
     * type.
     */
    @JsonProperty("url")
    URL,
    /** PDFs fetched over HTTP(S) ({@code urls}), their text read with Apache PDFBox. */
    @JsonProperty("pdf_url")
    PDF_URL,
    /** Compozy's cloud storage source: behind a feature flag there, not available here. */
    @JsonProperty("cloud_storage")
    CLOUD_STORAGE,
    /** Compozy's video transcript source: behind a feature flag there, not available here. */
    @JsonProperty("media_transcript")
    MEDIA_TRANSCRIPT
  }

  public record Source(
      SourceType type,
      @Nullable String path,
      @Nullable List<String> paths,
      @Nullable List<String> urls,
      @Nullable String provider,
      @Nullable String bucket,
      @Nullable String prefix,
      @Nullable String videoId,
      @Nullable Map<String, Object> options) {}

  public record Chunking(
      @Nullable String strategy, @Nullable Integer size, @Nullable Integer overlap) {}

  public record Preprocess(@Nullable Boolean dedupe, @Nullable Boolean removeHtml) {}

  /** How the base is searched; a binding's own values win over these. */
  public record Retrieval(
      @Nullable Integer topK,
      @Nullable Double minScore,
      @Nullable Integer maxTokens,
      @Nullable Integer minResults,
      @Nullable String injectAs,
      @Nullable String fallback,
      @Nullable String toolFallback,
      @Nullable Map<String, Object> filters) {}

  public List<Source> sourcesOrEmpty() {
    return sources == null ? List.of() : sources;
  }

  public Ingest ingestOrDefault() {
    return ingest == null ? Ingest.MANUAL : ingest;
  }
}
