package io.compozy.knowledge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One knowledge base's chunks in a Qdrant collection (Compozy's {@code qdrant} store), through its
 * REST API: a point per chunk, its id a name-based UUID of base and chunk, its payload the base,
 * chunk id, source, position, text and model; searches filtered to the base, by cosine. The
 * collection is created when missing. Every request has a deadline.
 */
public final class QdrantStore implements VectorStore {
  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Points read per page when listing a base's chunks. */
  static final int PAGE = 1_000;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String collection;
  private final @Nullable String apiKey;
  private final String knowledgeBaseId;
  private final String model;
  private final int dimension;

  public QdrantStore(
      String url,
      String collection,
      @Nullable String apiKey,
      String knowledgeBaseId,
      String model,
      int dimension) {
    if (!COLLECTION.matcher(collection).matches()) {
      throw new IllegalArgumentException(
          "collection '" + collection + "' is not a plain name (letters, digits, _ and -)");
    }
    this.base = url.replaceAll("/+$", "");
    this.collection = collection;
    this.apiKey = apiKey;
    this.knowledgeBaseId = knowledgeBaseId;
    this.model = model;
    this.dimension = dimension;
    prepare();
  }

  private void prepare() {
    JsonNode existing = call("GET", "/collections/" + collection, null, true);
    if (existing == null) {
      call(
          "PUT",
          "/collections/" + collection,
          Map.of("vectors", Map.of("size", dimension, "distance", "Cosine")),
          false);
      for (String field : List.of("kb_id", "source")) {
        call(
            "PUT",
            "/collections/" + collection + "/index?wait=true",
            Map.of("field_name", field, "field_schema", "keyword"),
            false);
      }
    } else {
      JsonNode size =
          existing.path("result").path("config").path("params").path("vectors").path("size");
      if (size.isNumber() && size.asInt() != dimension) {
        throw new IllegalStateException(
            "collection "
                + collection
                + " holds vectors of "
                + size.asInt()
                + " dimensions, not "
                + dimension);
      }
    }
    JsonNode one =
        call(
            "POST",
            "/collections/" + collection + "/points/scroll",
            Map.of(
                "filter",
                ofBase(),
                "limit",
                1,
                "with_payload",
                List.of("model"),
                "with_vector",
                false),
            false);
    for (JsonNode p : one.path("result").path("points")) {
      String made = p.path("payload").path("model").asString("");
      if (!made.equals(model)) {
        throw new IllegalStateException(
            "collection "
                + collection
                + " holds vectors of "
                + made
                + " for base "
                + knowledgeBaseId
                + ", not of "
                + model
                + ": ingest into a new collection to change the embedder");
      }
    }
  }

  @Override
  public Set<String> ids(String source) {
    Set<String> out = new HashSet<>();
    scroll(filter(Map.of("source", source)), p -> out.add(p.path("payload").path("id").asString()));
    return out;
  }

  @Override
  public Set<String> sources() {
    Set<String> out = new HashSet<>();
    scroll(ofBase(), p -> out.add(p.path("payload").path("source").asString()));
    return out;
  }

  @Override
  public void upsert(List<Chunk> chunks, List<float[]> vectors) {
    if (chunks.size() != vectors.size()) {
      throw new IllegalArgumentException(
          chunks.size() + " chunks but " + vectors.size() + " vectors");
    }
    if (chunks.isEmpty()) {
      return;
    }
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      if (vectors.get(i).length != dimension) {
        throw new IllegalArgumentException(
            "a vector of " + vectors.get(i).length + " dimensions for a store of " + dimension);
      }
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("kb_id", knowledgeBaseId);
      payload.put("id", c.id());
      payload.put("source", c.source());
      payload.put("chunk_index", c.index());
      payload.put("text", c.text());
      payload.put("model", model);
      points.add(Map.of("id", pointId(c.id()), "vector", vectors.get(i), "payload", payload));
    }
    call(
        "PUT", "/collections/" + collection + "/points?wait=true", Map.of("points", points), false);
  }

  @Override
  public void delete(Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    call(
        "POST",
        "/collections/" + collection + "/points/delete?wait=true",
        Map.of("points", ids.stream().map(this::pointId).toList()),
        false);
  }

  @Override
  public void deleteSource(String source) {
    call(
        "POST",
        "/collections/" + collection + "/points/delete?wait=true",
        Map.of("filter", filter(Map.of("source", source))),
        false);
  }

  @Override
  public List<Hit> search(float[] query, int topK, double minScore) {
    if (query.length != dimension) {
      throw new IllegalArgumentException(
          "a query of " + query.length + " dimensions for a store of " + dimension);
    }
    JsonNode found =
        call(
            "POST",
            "/collections/" + collection + "/points/search",
            Map.of(
                "vector",
                query,
                "filter",
                ofBase(),
                "limit",
                Math.max(1, Math.min(topK, LuceneIndex.MAX_TOP_K)),
                "with_payload",
                true),
            false);
    List<Hit> hits = new ArrayList<>();
    for (JsonNode r : found.path("result")) {
      double score = r.path("score").asDouble();
      if (score >= minScore) {
        JsonNode p = r.path("payload");
        hits.add(
            new Hit(
                p.path("id").asString(),
                p.path("source").asString(),
                p.path("chunk_index").asInt(),
                p.path("text").asString(),
                score));
      }
    }
    return hits;
  }

  /** Qdrant's point ids are UUIDs or numbers: a UUID named by the base and the chunk. */
  String pointId(String chunkId) {
    return UUID.nameUUIDFromBytes(
            (knowledgeBaseId + "/" + chunkId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private Map<String, Object> ofBase() {
    return filter(Map.of());
  }

  private Map<String, Object> filter(Map<String, String> more) {
    List<Map<String, Object>> must = new ArrayList<>();
    must.add(Map.of("key", "kb_id", "match", Map.of("value", knowledgeBaseId)));
    more.forEach((k, v) -> must.add(Map.of("key", k, "match", Map.of("value", v))));
    return Map.of("must", must);
  }

  private void scroll(Map<String, Object> filter, Consumer<JsonNode> each) {
    Object offset = null;
    for (int pages = 0; pages < 10_000; pages++) {
      Map<String, Object> body =
          new LinkedHashMap<>(
              Map.of(
                  "filter",
                  filter,
                  "limit",
                  PAGE,
                  "with_payload",
                  List.of("id", "source"),
                  "with_vector",
                  false));
      if (offset != null) {
        body.put("offset", offset);
      }
      JsonNode page =
          call("POST", "/collections/" + collection + "/points/scroll", body, false).path("result");
      page.path("points").forEach(each);
      JsonNode next = page.path("next_page_offset");
      if (next.isMissingNode() || next.isNull()) {
        return;
      }
      offset = next.isNumber() ? (Object) next.asLong() : next.asString();
    }
  }

  /** One request; answers the JSON, or null for a 404 when {@code missingOk}. */
  private @Nullable JsonNode call(
      String method, String path, @Nullable Object body, boolean missingOk) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json");
    if (apiKey != null && !apiKey.isBlank()) {
      b.header("api-key", apiKey);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(
          "qdrant at " + base + " cannot be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling qdrant", e);
    }
    if (r.statusCode() == 404 && missingOk) {
      return null;
    }
    if (r.statusCode() >= 300) {
      String text = r.body().length() > 300 ? r.body().substring(0, 300) + "…" : r.body();
      throw new IllegalStateException(
          "qdrant answered "
              + r.statusCode()
              + " to "
              + method
              + " "
              + path.replaceAll("\\?.*", "")
              + ": "
              + text);
    }
    return JSON.readTree(r.body());
  }
}
