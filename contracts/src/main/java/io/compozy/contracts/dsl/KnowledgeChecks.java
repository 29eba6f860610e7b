package io.compozy.contracts.dsl;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rules of the knowledge language: embedders, vector stores and knowledge bases with unique ids
 * and values in range, bases naming embedders and stores that exist, sources each type can read,
 * and bindings naming known bases. Pure.
 */
public final class KnowledgeChecks {
  static final int MAX_CHUNK_SIZE = 20_000;
  static final int MAX_BATCH = 2_048;

  /**
   * The embedding providers built: the offline model, Ollama's API, OpenAI's (and the servers that
   * speak it).
   */
  static final Set<String> EMBEDDING_PROVIDERS =
      Set.of(
          EmbedderDef.LOCAL,
          "ollama",
          "openai",
          "google",
          "vertex",
          "groq",
          "deepseek",
          "xai",
          "vllm",
          "llamacpp",
          "openrouter",
          "cerebras");

  private KnowledgeChecks() {}

  /**
   * One knowledge base stored on its own, against the embedders and vector stores the project
   * declares.
   */
  public static List<Violation> check(
      KnowledgeBaseDef kb, @Nullable List<Object> embedders, @Nullable List<Object> vectorDbs) {
    List<Violation> problems = new ArrayList<>();
    base(kb, "", ids(embedders), ids(vectorDbs), problems);
    return problems;
  }

  /**
   * The project's (or a workflow's) declarations; {@code embedders}/{@code vectorDbs} null: not
   * declared there.
   */
  static void declarations(
      @Nullable List<Object> embedders,
      @Nullable List<Object> vectorDbs,
      @Nullable List<Object> bases,
      Set<String> embedderIds,
      Set<String> vectorDbIds,
      List<Violation> problems) {
    for (int i = 0; embedders != null && i < embedders.size(); i++) {
      if (!(embedders.get(i) instanceof Map<?, ?>) || !valid(embedders.get(i), EmbedderDef.class)) {
        continue; // its shape is reported by StrictShapes
      }
      EmbedderDef e = Json.MAPPER.convertValue(embedders.get(i), EmbedderDef.class);
      String at = "/embedders/" + i;
      if (e.provider() == null) {
        problems.add(
            new Violation(
                at + "/provider",
                "give the embedder's provider: local (offline) or a model provider such as"
                    + " openai"));
      }
      if (e.model() == null) {
        problems.add(
            new Violation(
                at + "/model",
                "give the embedder's model, e.g. "
                    + EmbedderDef.LOCAL_MODEL
                    + " for the local provider"));
      }
      if (EmbedderDef.LOCAL.equals(e.provider())
          && e.model() != null
          && !EmbedderDef.LOCAL_MODEL.equals(e.model())) {
        problems.add(
            new Violation(
                at + "/model",
                "the local provider has one model, "
                    + EmbedderDef.LOCAL_MODEL
                    + "; got '"
                    + e.model()
                    + "'"));
      }
      if (e.config() != null) {
        Integer dimension = e.config().dimension();
        if (dimension != null && (dimension < 1 || dimension > 16_384)) {
          problems.add(
              new Violation(
                  at + "/config/dimension", "must be between 1 and 16384, got " + dimension));
        } else if (dimension != null
            && EmbedderDef.LOCAL.equals(e.provider())
            && dimension != 384) {
          problems.add(
              new Violation(
                  at + "/config/dimension",
                  EmbedderDef.LOCAL_MODEL + " makes vectors of 384 dimensions, not " + dimension));
        }
        range(e.config().batchSize(), 1, MAX_BATCH, at + "/config/batch_size", problems);
      }
    }
    for (int i = 0; bases != null && i < bases.size(); i++) {
      if (!(bases.get(i) instanceof Map<?, ?>) || !valid(bases.get(i), KnowledgeBaseDef.class)) {
        continue;
      }
      base(
          Json.MAPPER.convertValue(bases.get(i), KnowledgeBaseDef.class),
          "/knowledge_bases/" + i,
          embedderIds,
          vectorDbIds,
          problems);
    }
  }

  private static void base(
      KnowledgeBaseDef kb,
      String at,
      Set<String> embedderIds,
      Set<String> vectorDbIds,
      List<Violation> problems) {
    if (kb.embedder() != null && !embedderIds.contains(kb.embedder())) {
      problems.add(
          new Violation(
              at + "/embedder",
              "no embedder '"
                  + kb.embedder()
                  + "' in the project (or leave it out for the offline "
                  + EmbedderDef.LOCAL
                  + ":"
                  + EmbedderDef.LOCAL_MODEL
                  + ")"));
    }
    if (kb.vectorDb() != null && !vectorDbIds.contains(kb.vectorDb())) {
      problems.add(
          new Violation(
              at + "/vector_db",
              "no vector_db '"
                  + kb.vectorDb()
                  + "' in the project (or leave it out for the embedded index)"));
    }
    if (kb.sourcesOrEmpty().isEmpty()) {
      problems.add(new Violation(at + "/sources", "a knowledge base needs at least one source"));
    }
    for (int j = 0; j < kb.sourcesOrEmpty().size(); j++) {
      source(kb.sourcesOrEmpty().get(j), at + "/sources/" + j, problems);
    }
    if (kb.chunking() != null) {
      String strategy = kb.chunking().strategy();
      if (strategy != null
          && !strategy.equals("recursive_text_splitter")
          && !strategy.equals("token")) {
        problems.add(
            new Violation(
                at + "/chunking/strategy",
                "must be recursive_text_splitter (Compozy's token is read as it), got '"
                    + strategy
                    + "'"));
      }
      range(kb.chunking().size(), 1, MAX_CHUNK_SIZE, at + "/chunking/size", problems);
      int size =
          kb.chunking().size() == null ? KnowledgeBaseDef.DEFAULT_CHUNK_SIZE : kb.chunking().size();
      Integer overlap = kb.chunking().overlap();
      if (overlap != null && (overlap < 0 || overlap >= size)) {
        problems.add(
            new Violation(
                at + "/chunking/overlap",
                "must be at least 0 and less than the chunk size (" + size + "), got " + overlap));
      }
    }
    retrieval(kb.retrieval(), at + "/retrieval", problems);
  }

  private static void source(KnowledgeBaseDef.Source s, String at, List<Violation> problems) {
    switch (s.type()) {
      case MARKDOWN_GLOB, TEXT_GLOB -> {
        if (s.path() == null && (s.paths() == null || s.paths().isEmpty())) {
          problems.add(
              new Violation(
                  at + "/path",
                  "a " + wire(s.type()) + " source needs a path (a glob under the project)"));
        }
        for (String p : s.path() == null ? s.paths() : List.of(s.path())) {
          if (p.startsWith("/") || p.contains("..")) {
            problems.add(
                new Violation(
                    at + "/path",
                    "'" + p + "' must stay under the project: a relative glob without '..'"));
          }
        }
      }
      case URL, PDF_URL -> {
        if (s.urls() == null || s.urls().isEmpty()) {
          problems.add(new Violation(at + "/urls", "a " + wire(s.type()) + " source needs urls"));
        }
        for (String u : s.urls() == null ? List.<String>of() : s.urls()) {
          if (!u.startsWith("https://") && !u.startsWith("http://")) {
            problems.add(new Violation(at + "/urls", "'" + u + "' is not an http(s) URL"));
          }
        }
      }
      case CLOUD_STORAGE, MEDIA_TRANSCRIPT ->
          problems.add(
              new Violation(
                  at + "/type",
                  "'"
                      + wire(s.type())
                      + "' sources are not available here (Compozy's default build does not have"
                      + " them either)"));
    }
  }

  /**
   * A binding (workflow, task or agent): a known base, values in range; one per scope, as in
   * Compozy.
   */
  static void bindings(
      @Nullable List<KnowledgeBinding> bindings,
      String at,
      KnownIds known,
      List<Violation> problems) {
    if (bindings == null) {
      return;
    }
    if (bindings.size() > 1) {
      problems.add(
          new Violation(
              at,
              "one knowledge binding per workflow, task or agent (as in Compozy), got "
                  + bindings.size()));
    }
    for (int i = 0; i < bindings.size(); i++) {
      KnowledgeBinding b = bindings.get(i);
      if (KnownIds.missing(known.knowledgeBases(), b.id())) {
        problems.add(
            new Violation(
                at + "/" + i + "/id",
                "no knowledge base '" + b.id() + "' in the project or the workflow"));
      }
      range(b.topK(), 1, 100, at + "/" + i + "/top_k", problems);
      score(b.minScore(), at + "/" + i + "/min_score", problems);
      range(b.maxTokens(), 1, 1_000_000, at + "/" + i + "/max_tokens", problems);
      retrieval(b.retrieval(), at + "/" + i + "/retrieval", problems);
    }
  }

  private static void retrieval(
      KnowledgeBaseDef.@Nullable Retrieval r, String at, List<Violation> problems) {
    if (r == null) {
      return;
    }
    range(r.topK(), 1, 100, at + "/top_k", problems);
    score(r.minScore(), at + "/min_score", problems);
    range(r.maxTokens(), 1, 1_000_000, at + "/max_tokens", problems);
    range(r.minResults(), 0, 100, at + "/min_results", problems);
  }

  private static void score(@Nullable Double s, String at, List<Violation> problems) {
    if (s != null && (s < -1 || s > 1)) {
      problems.add(new Violation(at, "a cosine similarity, between -1 and 1, got " + s));
    }
  }

  private static void range(
      @Nullable Integer v, int min, int max, String at, List<Violation> problems) {
    if (v != null && (v < min || v > max)) {
      problems.add(new Violation(at, "must be between " + min + " and " + max + ", got " + v));
    }
  }

  /**
   * What a base uses that is not built yet, each said at load as a warning (it loads; those parts
   * fail when used).
   */
  static List<String> notYet(Object declared, @Nullable List<Object> embedders) {
    if (!valid(declared, KnowledgeBaseDef.class)) {
      return List.of();
    }
    KnowledgeBaseDef kb = Json.MAPPER.convertValue(declared, KnowledgeBaseDef.class);
    List<String> out = new ArrayList<>();
    for (Object e : embedders == null ? List.of() : embedders) {
      if (e instanceof Map<?, ?> m
          && Objects.equals(m.get("id"), kb.embedder())
          && !EMBEDDING_PROVIDERS.contains(String.valueOf(m.get("provider")))) {
        out.add(
            "embedder '"
                + kb.embedder()
                + "' ("
                + m.get("provider")
                + ") is not available here (local, ollama, openai, google, vertex or an"
                + " OpenAI-compatible provider are): it embeds offline only under"
                + " COMPOZY_AGENTS_MODEL_OVERRIDE, else ingest and queries fail naming it");
      }
    }
    return out;
  }

  static Set<String> ids(@Nullable List<Object> declared) {
    Set<String> out = new HashSet<>();
    for (Object d : declared == null ? List.of() : declared) {
      if (d instanceof Map<?, ?> m && m.get("id") instanceof String id) {
        out.add(id);
      }
    }
    return out;
  }

  private static boolean valid(Object value, Class<?> type) {
    try {
      Json.STRICT_JSON.convertValue(value, type);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String wire(KnowledgeBaseDef.SourceType t) {
    return t.name().toLowerCase(Locale.ROOT);
  }
}
