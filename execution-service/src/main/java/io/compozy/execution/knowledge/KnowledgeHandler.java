package io.compozy.execution.knowledge;

import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.schema.Violation;
import io.compozy.knowledge.Hit;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Compozy's knowledge routes: {@code GET /knowledge-bases}, {@code GET /knowledge-bases/{id}},
 * {@code POST /knowledge-bases/{id}/ingest} and {@code POST /knowledge-bases/{id}/query} with
 * {@code {query, top_k?, min_score?}} answering {@code {matches: [{content, score, metadata,
 * token_estimate}]}}. Ingest and query run off the event loop (the embedder and the index block).
 */
@RestController
@RequestMapping("/api/v0/knowledge-bases")
class KnowledgeHandler {
  private final KnowledgeBases bases;

  KnowledgeHandler(KnowledgeBases bases) {
    this.bases = bases;
  }

  /** A query: Compozy's {@code query} (or {@code text}), and retrieval settings that win over the base's. */
  record QueryRequest(@Nullable Object query, @Nullable Object text, @Nullable Object topK, @Nullable Object minScore,
      @Nullable Map<String, Object> filters) {}

  @GetMapping
  Mono<ApiResponse<Map<String, Object>>> list() {
    List<KnowledgeBaseDef> all = bases.all();
    return Mono.just(ApiResponse.of(Map.of("knowledge_bases", all, "page", Map.of("total", all.size())), all.size() + " knowledge bases"));
  }

  @GetMapping("/{id}")
  Mono<ApiResponse<Map<String, Object>>> one(@PathVariable String id) {
    KnowledgeBaseDef kb = bases.definition(id).orElseThrow(() -> ApiProblem.notFound("knowledge_base", id));
    return Mono.just(ApiResponse.of(Map.of("knowledge_base", kb), "Knowledge base retrieved"));
  }

  @PostMapping("/{id}/ingest")
  Mono<ApiResponse<Map<String, Object>>> ingest(@PathVariable String id) {
    bases.definition(id).orElseThrow(() -> ApiProblem.notFound("knowledge_base", id));
    return Mono.fromCallable(() -> bases.ingest(id)).subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(KnowledgeException.class, KnowledgeHandler::invalid)
        .map(r -> {
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("knowledge_base_id", r.knowledgeBaseId());
          data.put("documents", r.documents());
          data.put("chunks", r.chunks());
          data.put("persisted", r.embedded());
          data.put("kept", r.kept());
          data.put("deleted", r.deleted());
          return ApiResponse.of(data, "Knowledge base ingested");
        });
  }

  @PostMapping("/{id}/query")
  Mono<ApiResponse<Map<String, Object>>> query(@PathVariable String id, @RequestBody(required = false) @Nullable QueryRequest body) {
    bases.definition(id).orElseThrow(() -> ApiProblem.notFound("knowledge_base", id));
    Object q = body == null ? null : body.query() != null ? body.query() : body.text();
    if (!(q instanceof String text) || text.isBlank()) {
      throw ApiProblem.invalidInput("the query is not valid", List.of(new Violation("/query", "give the text to search for")));
    }
    if (text.length() > 10_000) {
      throw ApiProblem.invalidInput("the query is not valid", List.of(new Violation("/query", "at most 10000 characters, got " + text.length())));
    }
    Integer topK = integer(body.topK(), "/top_k", 1, 100);
    Double minScore = body.minScore() == null ? null : score(body.minScore());
    return Mono.fromCallable(() -> bases.query(id, text, topK, minScore)).subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(KnowledgeException.class, KnowledgeHandler::invalid)
        .map(hits -> ApiResponse.of(Map.<String, Object>of("matches", hits.stream().map(KnowledgeHandler::match).toList()),
            hits.size() + " matches"));
  }

  private static Map<String, Object> match(Hit h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("content", h.text());
    m.put("score", h.score());
    m.put("metadata", Map.of("source", h.source(), "chunk_index", h.index(), "chunk_id", h.id()));
    m.put("token_estimate", h.text().isBlank() ? 0 : h.text().strip().split("\\s+").length);
    return m;
  }

  private static @Nullable Integer integer(@Nullable Object v, String at, int min, int max) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof Integer n) || n < min || n > max) {
      throw ApiProblem.invalidInput("the query is not valid", List.of(new Violation(at, "an integer between " + min + " and " + max + ", got " + v)));
    }
    return n;
  }

  private static Double score(Object v) {
    if (!(v instanceof Number n) || n.doubleValue() < -1 || n.doubleValue() > 1) {
      throw ApiProblem.invalidInput("the query is not valid", List.of(new Violation("/min_score", "a cosine similarity between -1 and 1, got " + v)));
    }
    return n.doubleValue();
  }

  private static ApiProblem invalid(Throwable e) {
    KnowledgeException k = (KnowledgeException) e;
    return ApiProblem.invalidInput("the knowledge base cannot do that", List.of(new Violation("/" + k.field(), k.getMessage())));
  }
}
