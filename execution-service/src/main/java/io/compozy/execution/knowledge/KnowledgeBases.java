package io.compozy.execution.knowledge;

import io.compozy.contracts.dsl.EmbedderDef;
import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.VectorDbDef;
import io.compozy.contracts.json.Json;
import io.compozy.execution.agent.ChatModels;
import io.compozy.execution.worker.Doublestar;
import io.compozy.execution.worker.ToolsProperties;
import io.compozy.execution.worker.WebFetch;
import io.compozy.knowledge.Embedder;
import io.compozy.knowledge.Hit;
import io.compozy.knowledge.KnowledgeException;
import io.compozy.knowledge.KnowledgeSearch;
import io.compozy.knowledge.KnowledgeStore;
import io.compozy.knowledge.LocalEmbedder;
import io.compozy.knowledge.LuceneIndex;
import io.compozy.knowledge.TextSplitter;
import io.compozy.knowledge.VectorStore;
import io.compozy.support.catalog.ResourceCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The knowledge bases of the project: their documents ({@link #sources}, {@link #ingestDocument}),
 * written through the chunk log and read from this instance's replica ({@link #query}). Embedding
 * is the offline model unless a base names a remote embedder (and no model override runs the
 * project offline).
 */
@Component
@EnableConfigurationProperties(KnowledgeProperties.class)
public class KnowledgeBases implements KnowledgeSearch {
  private final ResourceCatalog catalog;
  private final KnowledgeProperties properties;
  private final ToolsProperties tools;
  private final boolean offline;
  private final LocalIndexes indexes;
  private final ChunkLog log;
  private final WebFetch web = new WebFetch();
  private volatile @Nullable Embedder local;
  private final Map<EmbedderDef, Embedder> remote = new ConcurrentHashMap<>();
  private final ChatModels models;
  private final Environment environment;
  private final RedisSearchConnections redis;
  private static final int MATCHERS_KEPT = 1_000;
  private final Map<String, PathMatcher> matchers = new ConcurrentHashMap<>();

  /**
   * The shared stores opened, by base, model and store definition (empty: a pgvector or redis store
   * that fell back).
   */
  private final Map<String, Optional<VectorStore>> shared = new ConcurrentHashMap<>();

  KnowledgeBases(
      ResourceCatalog catalog,
      KnowledgeProperties properties,
      ToolsProperties tools,
      LocalIndexes indexes,
      ChunkLog log,
      ChatModels models,
      Environment environment,
      RedisSearchConnections redis) {
    this.catalog = catalog;
    this.redis = redis;
    this.models = models;
    this.environment = environment;
    this.indexes = indexes;
    this.log = log;
    this.properties = properties;
    this.tools = tools;
    this.offline = environment.getProperty("compozy.agents.model-override") != null;
  }

  public List<KnowledgeBaseDef> all() {
    return catalog.knowledgeBases();
  }

  public Optional<KnowledgeBaseDef> definition(String id) {
    return all().stream().filter(kb -> kb.id().equals(id)).findFirst();
  }

  /**
   * The documents of the base's sources, by what names them: a path under the project (sorted) or a
   * URL. Nothing is read yet; a glob matching too many files, or sources naming too many documents
   * together, are refused ({@code compozy.knowledge.max-files}).
   */
  public List<String> sources(String id) {
    KnowledgeBaseDef kb = require(id);
    Set<String> out = new LinkedHashSet<>();
    for (KnowledgeBaseDef.Source s : kb.sourcesOrEmpty()) {
      switch (s.type()) {
        case MARKDOWN_GLOB, TEXT_GLOB -> {
          for (String glob : globs(s)) {
            out.addAll(files(kb, glob));
            bounded(kb, out);
          }
        }
        case URL, PDF_URL -> out.addAll(s.urls() == null ? List.of() : s.urls());
        default ->
            throw new KnowledgeException(
                "sources",
                "knowledge base '"
                    + kb.id()
                    + "': "
                    + s.type().name().toLowerCase(Locale.ROOT)
                    + " sources are not available here");
      }
      bounded(kb, out);
    }
    return List.copyOf(out);
  }

  private void bounded(KnowledgeBaseDef kb, Set<String> documents) {
    if (documents.size() > properties.maxFiles()) {
      throw new KnowledgeException(
          "sources",
          "knowledge base '"
              + kb.id()
              + "': its sources name more than "
              + properties.maxFiles()
              + " documents (compozy.knowledge.max-files)");
    }
  }

  /** Reads one document of the base and brings its chunks in the index in line with it. */
  public KnowledgeStore.Report ingestDocument(String id, String source) {
    KnowledgeBaseDef kb = require(id);
    String text = read(kb, source);
    KnowledgeBaseDef.Preprocess p = kb.preprocess();
    if (p != null && Boolean.TRUE.equals(p.removeHtml())) {
      text = HtmlText.of(text);
    }
    // Compozy dedupes unless told not to: within one document here (Compozy: within one ingestion)
    return store(kb).ingest(source, text, p == null || p.dedupe() == null || p.dedupe());
  }

  /** Deletes the chunks of every document no longer in the sources; answers how many went. */
  public int sweep(String id, Set<String> sources) {
    KnowledgeBaseDef kb = require(id);
    VectorStore vectors = vectors(kb);
    int deleted = 0;
    for (String gone : vectors.sources()) {
      if (!sources.contains(gone)) {
        deleted += vectors.ids(gone).size();
        vectors.deleteSource(gone);
      }
    }
    return deleted;
  }

  /** Removes every chunk of a deleted base, as it was last defined; answers how many went. */
  public int purge(KnowledgeBaseDef deleted) {
    VectorStore vectors = vectors(deleted);
    int removed = 0;
    for (String source : vectors.sources()) {
      removed += vectors.ids(source).size();
      vectors.deleteSource(source);
    }
    return removed;
  }

  private KnowledgeBaseDef require(String id) {
    return definition(id)
        .orElseThrow(
            () -> new KnowledgeException("id", "no knowledge base '" + id + "' in the project"));
  }

  private static List<String> globs(KnowledgeBaseDef.Source s) {
    return s.path() != null ? List.of(s.path()) : s.paths() == null ? List.of() : s.paths();
  }

  /**
   * The chunks nearest to {@code text}, nearest first: the base's retrieval settings unless given.
   * With filters (given, else the base's), more chunks are searched and those whose metadata does
   * not match are left out.
   */
  public List<Hit> query(
      String id,
      String text,
      @Nullable Integer topK,
      @Nullable Double minScore,
      @Nullable Map<String, String> filters) {
    KnowledgeBaseDef kb = require(id);
    KnowledgeBaseDef.Retrieval r = kb.retrieval();
    int k = topK != null ? topK : r != null && r.topK() != null ? r.topK() : 5;
    double min =
        minScore != null ? minScore : r != null && r.minScore() != null ? r.minScore() : -1;
    Map<String, String> f =
        filters != null && !filters.isEmpty()
            ? filters
            : r != null && r.filters() != null
                ? r.filters().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())))
                : Map.of();
    if (f.isEmpty()) {
      return store(kb).query(text, k, min);
    }
    return store(kb).query(text, Math.min(LuceneIndex.MAX_TOP_K, k * FILTER_WIDENING), min).stream()
        .filter(h -> matches(metadata(kb, h), f))
        .limit(k)
        .toList();
  }

  /** How many more chunks a filtered query searches, to find {@code top_k} that match. */
  static final int FILTER_WIDENING = 10;

  @Override
  public List<Hit> search(
      String knowledgeBaseId, String text, int topK, double minScore, Map<String, String> filters) {
    return query(knowledgeBaseId, text, topK, minScore, filters);
  }

  /**
   * A chunk's metadata as Compozy names it: the base, the document ({@code source_path} for a
   * project file, {@code source_url} for a fetched one), the source's type, the chunk, and the
   * base's {@code metadata} ({@code tags}, {@code owners}, …).
   */
  public Map<String, Object> metadata(KnowledgeBaseDef kb, Hit h) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (kb.metadata() != null) {
      m.putAll(kb.metadata());
    }
    m.put("knowledge_base_id", kb.id());
    m.put("source", h.source());
    boolean url = h.source().startsWith("http://") || h.source().startsWith("https://");
    m.put(url ? "source_url" : "source_path", h.source());
    sourceType(kb, h.source())
        .ifPresent(t -> m.put("source_type", t.name().toLowerCase(Locale.ROOT)));
    m.put("chunk_index", h.index());
    m.put("chunk_id", h.id());
    return m;
  }

  public Map<String, Object> metadata(String id, Hit h) {
    return metadata(require(id), h);
  }

  private static boolean matches(Map<String, Object> metadata, Map<String, String> filters) {
    for (Map.Entry<String, String> f : filters.entrySet()) {
      Object v = metadata.get(f.getKey());
      boolean ok =
          v instanceof Collection<?> many
              ? many.stream().anyMatch(x -> String.valueOf(x).equals(f.getValue()))
              : v != null && String.valueOf(v).equals(f.getValue());
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A glob's matcher, compiled once: every hit of a query asks which source it came from. */
  private PathMatcher matcher(String glob) {
    if (matchers.size()
        > MATCHERS_KEPT) { // globs come from definitions, which change: keep a bounded few
      matchers.clear();
    }
    return matchers.computeIfAbsent(glob, Doublestar::compile);
  }

  private Optional<KnowledgeBaseDef.SourceType> sourceType(KnowledgeBaseDef kb, String source) {
    for (KnowledgeBaseDef.Source s : kb.sourcesOrEmpty()) {
      boolean web =
          s.type() == KnowledgeBaseDef.SourceType.URL
              || s.type() == KnowledgeBaseDef.SourceType.PDF_URL;
      if (web
          ? s.urls() != null && s.urls().contains(source)
          : globs(s).stream().anyMatch(g -> matcher(g).matches(Path.of(source)))) {
        return Optional.of(s.type());
      }
    }
    return Optional.empty();
  }

  private KnowledgeStore store(KnowledgeBaseDef kb) {
    int size =
        kb.chunking() != null && kb.chunking().size() != null
            ? kb.chunking().size()
            : KnowledgeBaseDef.DEFAULT_CHUNK_SIZE;
    int overlap =
        kb.chunking() != null && kb.chunking().overlap() != null
            ? kb.chunking().overlap()
            : Math.min(KnowledgeBaseDef.DEFAULT_CHUNK_OVERLAP, size / 2);
    return new KnowledgeStore(
        vectors(kb), embedder(kb), new TextSplitter(size, overlap), batchSize(kb));
  }

  /**
   * Where the base's chunks are: its {@code pgvector}, {@code qdrant} or {@code redis} store,
   * shared by every instance; else the chunk log, read through this instance's replica.
   */
  private VectorStore vectors(KnowledgeBaseDef kb) {
    Embedder e = embedder(kb);
    VectorDbDef db = offline ? withoutDimension(vectorDbDef(kb)) : vectorDbDef(kb);
    if (db != null && db.type() == VectorDbDef.Type.PGVECTOR) {
      Optional<VectorStore> store =
          shared.computeIfAbsent(
              kb.id() + "|" + e.model() + "|" + db,
              k -> {
                Optional<VectorStore> opened =
                    PgVectorConnection.open(db, kb.id(), e, models, environment);
                if (opened.isEmpty()) {
                  LoggerFactory.getLogger(KnowledgeBases.class)
                      .warn(
                          "knowledge base {}: vector_db {} names no dsn and this platform's"
                              + " Postgres has no pgvector extension: the base is kept in the"
                              + " replicated on-disk index instead",
                          kb.id(),
                          db.id());
                }
                return opened;
              });
      if (store.isPresent()) {
        return store.get();
      }
    }
    if (db != null && db.type() == VectorDbDef.Type.REDIS) {
      Optional<VectorStore> store =
          shared.computeIfAbsent(
              kb.id() + "|" + e.model() + "|" + db,
              k -> {
                Optional<VectorStore> opened = redis.open(db, kb.id(), e, models);
                if (opened.isEmpty()) {
                  LoggerFactory.getLogger(KnowledgeBases.class)
                      .warn(
                          "knowledge base {}: vector_db {} names no dsn and this platform's Redis"
                              + " has no search engine: the base is kept in the replicated on-disk"
                              + " index instead",
                          kb.id(),
                          db.id());
                }
                return opened;
              });
      if (store.isPresent()) {
        return store.get();
      }
    }
    if (db != null && db.type() == VectorDbDef.Type.QDRANT) {
      return shared
          .computeIfAbsent(
              kb.id() + "|" + e.model() + "|" + db,
              k -> Optional.of(QdrantConnection.open(db, kb.id(), e, models)))
          .orElseThrow();
    }
    return log.store(kb.id(), e.model(), indexes.index(kb.id(), e.model(), e.dimension()));
  }

  /**
   * Under the model override every base embeds with the offline model: the dimension written for
   * the real embedder does not apply.
   */
  static @Nullable VectorDbDef withoutDimension(@Nullable VectorDbDef db) {
    if (db == null || db.config() == null || !db.config().containsKey("dimension")) {
      return db;
    }
    Map<String, Object> config = new LinkedHashMap<>(db.config());
    config.remove("dimension");
    return new VectorDbDef(db.id(), db.type(), config);
  }

  private @Nullable VectorDbDef vectorDbDef(KnowledgeBaseDef kb) {
    if (kb.vectorDb() == null) {
      return null;
    }
    ProjectDef project = catalog.project().orElse(null);
    List<Object> declared =
        project == null || project.vectorDbs() == null ? List.of() : project.vectorDbs();
    return declared.stream()
        .map(d -> Json.MAPPER.convertValue(d, VectorDbDef.class))
        .filter(v -> v.id().equals(kb.vectorDb()))
        .findFirst()
        .orElseThrow(
            () ->
                new KnowledgeException(
                    "vector_db",
                    "knowledge base '" + kb.id() + "': no vector_db '" + kb.vectorDb() + "'"));
  }

  private @Nullable EmbedderDef embedderDef(KnowledgeBaseDef kb) {
    if (kb.embedder() == null) {
      return null;
    }
    ProjectDef project = catalog.project().orElse(null);
    List<Object> declared =
        project == null || project.embedders() == null ? List.of() : project.embedders();
    return declared.stream()
        .map(d -> Json.MAPPER.convertValue(d, EmbedderDef.class))
        .filter(e -> e.id().equals(kb.embedder()))
        .findFirst()
        .orElseThrow(
            () ->
                new KnowledgeException(
                    "embedder",
                    "knowledge base '" + kb.id() + "': no embedder '" + kb.embedder() + "'"));
  }

  /**
   * The base's embedder: the offline model when it names none (or names a local one), or under a
   * model override (which runs the project offline); else its provider's, over the network.
   */
  private Embedder embedder(KnowledgeBaseDef kb) {
    EmbedderDef def = embedderDef(kb);
    if (def != null && !EmbedderDef.LOCAL.equals(def.provider()) && !offline) {
      return remote.computeIfAbsent(
          def,
          d -> {
            try {
              return new RemoteEmbedder(d, models.embeddings(d));
            } catch (RuntimeException e) {
              throw new KnowledgeException(
                  "embedder",
                  "knowledge base '" + kb.id() + "': embedder '" + d.id() + "': " + e.getMessage());
            }
          });
    }
    Embedder e = local;
    if (e == null) {
      synchronized (this) {
        if (local == null) {
          local = new LocalEmbedder();
        }
        e = local;
      }
    }
    return e;
  }

  private int batchSize(KnowledgeBaseDef kb) {
    EmbedderDef def = embedderDef(kb);
    return def != null && def.config() != null && def.config().batchSize() != null
        ? def.config().batchSize()
        : 32;
  }

  /**
   * One document's text: a file under the project matched by one of the base's globs, or one of its
   * URLs.
   */
  private String read(KnowledgeBaseDef kb, String source) {
    for (KnowledgeBaseDef.Source s : kb.sourcesOrEmpty()) {
      if ((s.type() == KnowledgeBaseDef.SourceType.URL
              || s.type() == KnowledgeBaseDef.SourceType.PDF_URL)
          && s.urls() != null
          && s.urls().contains(source)) {
        return fetched(kb, source, s.type() == KnowledgeBaseDef.SourceType.PDF_URL);
      }
      if ((s.type() == KnowledgeBaseDef.SourceType.MARKDOWN_GLOB
              || s.type() == KnowledgeBaseDef.SourceType.TEXT_GLOB)
          && globs(s).stream().anyMatch(g -> matcher(g).matches(Path.of(source)))) {
        return file(kb, source);
      }
    }
    throw new KnowledgeException(
        "sources",
        "knowledge base '" + kb.id() + "': '" + source + "' is no longer one of its sources");
  }

  /**
   * A document fetched over HTTP(S), with {@code cp__fetch}'s address policy and the file size
   * limit: a PDF's text (Apache PDFBox), an HTML page's text without its tags, other text as it is.
   */
  private String fetched(KnowledgeBaseDef kb, String url, boolean pdf) {
    String where = "knowledge base '" + kb.id() + "': " + url;
    WebFetch.Download d;
    try {
      d =
          web.download(
              "GET",
              url,
              Map.of("User-Agent", "Compozy/1.0"),
              null,
              tools.fetchAllowPrivate(),
              (int) Math.min(Integer.MAX_VALUE - 1, properties.maxFileBytes()),
              Duration.ofSeconds(30),
              3);
    } catch (IOException e) {
      throw new KnowledgeException("sources", where + " cannot be fetched: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KnowledgeException("sources", where + ": interrupted");
    } catch (RuntimeException e) { // a refused address, a bad URL
      throw new KnowledgeException("sources", where + ": " + e.getMessage());
    }
    if (d.status() >= 400) {
      throw new KnowledgeException("sources", where + " answered HTTP " + d.status());
    }
    if (d.truncated()) {
      throw new KnowledgeException(
          "sources",
          where
              + " is larger than compozy.knowledge.max-file-bytes ("
              + properties.maxFileBytes()
              + ")");
    }
    String type = d.contentType() == null ? "" : d.contentType().toLowerCase(Locale.ROOT);
    byte[] body = d.body();
    boolean isPdf =
        pdf
            || type.startsWith("application/pdf")
            || (body.length > 4
                && new String(body, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-"));
    if (isPdf) {
      try (PDDocument doc = Loader.loadPDF(body)) {
        return new PDFTextStripper().getText(doc);
      } catch (IOException e) {
        throw new KnowledgeException(
            "sources", where + " is not a readable PDF: " + e.getMessage());
      }
    }
    String text = new String(body, StandardCharsets.UTF_8);
    return type.startsWith("text/html") ? HtmlText.of(text) : text;
  }

  private Path root(KnowledgeBaseDef kb, String glob) {
    if (tools.projectDir() == null || tools.projectDir().isBlank()) {
      throw new KnowledgeException(
          "sources",
          "knowledge base '"
              + kb.id()
              + "': this instance has no project folder to read '"
              + glob
              + "' from (COMPOZY_PROJECT_DIR)");
    }
    return Path.of(tools.projectDir()).toAbsolutePath().normalize();
  }

  /**
   * The files a glob matches under the project, as paths relative to it, sorted; bounded in number.
   */
  private List<String> files(KnowledgeBaseDef kb, String glob) {
    Path root = root(kb, glob);
    PathMatcher matcher = Doublestar.compile(glob);
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> matched =
          walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .filter(p -> matcher.matches(root.relativize(p)))
              .sorted()
              .limit(properties.maxFiles() + 1L)
              .toList();
      if (matched.size() > properties.maxFiles()) {
        throw new KnowledgeException(
            "sources",
            "knowledge base '"
                + kb.id()
                + "': '"
                + glob
                + "' matches more than "
                + properties.maxFiles()
                + " files");
      }
      return matched.stream().map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A file of the project, read whole: inside the project folder, no link, within the size limit.
   */
  private String file(KnowledgeBaseDef kb, String relative) {
    Path root = root(kb, relative);
    Path p = root.resolve(relative).normalize();
    try {
      if (!p.startsWith(root) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new KnowledgeException(
            "sources",
            "knowledge base '"
                + kb.id()
                + "': "
                + relative
                + " is not a file of the project (any more)");
      }
      if (Files.size(p) > properties.maxFileBytes()) {
        throw new KnowledgeException(
            "sources",
            "knowledge base '"
                + kb.id()
                + "': "
                + relative
                + " has "
                + Files.size(p)
                + " bytes, more than compozy.knowledge.max-file-bytes ("
                + properties.maxFileBytes()
                + ")");
      }
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new KnowledgeException(
          "sources", "knowledge base '" + kb.id() + "': " + relative + " is not UTF-8 text");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bases the project ingests at start. */
  public List<String> onStart() {
    return all().stream()
        .filter(kb -> kb.ingestOrDefault() == KnowledgeBaseDef.Ingest.ON_START)
        .map(KnowledgeBaseDef::id)
        .toList();
  }
}
