package io.compozy.execution.knowledge;

import io.compozy.contracts.catalog.ResourceCatalog;
import io.compozy.contracts.dsl.EmbedderDef;
import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.json.Json;
import io.compozy.execution.worker.Doublestar;
import io.compozy.execution.worker.ToolsProperties;
import io.compozy.execution.worker.WebFetch;
import io.compozy.knowledge.Embedder;
import io.compozy.knowledge.Hit;
import io.compozy.knowledge.KnowledgeStore;
import io.compozy.knowledge.LocalEmbedder;
import io.compozy.knowledge.LuceneIndex;
import io.compozy.knowledge.TextSplitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The knowledge bases of the project on this instance: each has its on-disk index under {@code
 * compozy.knowledge.dir}, filled by {@link #ingest} from its sources and read by {@link #query}.
 * Embedding is the offline model: a base naming another embedder is refused until those are wired,
 * unless a model override runs the project offline ({@code compozy.agents.model-override}).
 */
@Component
@EnableConfigurationProperties(KnowledgeProperties.class)
public class KnowledgeBases implements DisposableBean, io.compozy.knowledge.KnowledgeSearch {
  private final ResourceCatalog catalog;
  private final KnowledgeProperties properties;
  private final ToolsProperties tools;
  private final boolean offline;
  private final Map<String, LuceneIndex> indexes = new ConcurrentHashMap<>();
  private final WebFetch web = new WebFetch();
  private final Map<String, Object> ingesting = new ConcurrentHashMap<>();
  private volatile @Nullable Embedder local;

  KnowledgeBases(ResourceCatalog catalog, KnowledgeProperties properties, ToolsProperties tools,
      org.springframework.core.env.Environment environment) {
    this.catalog = catalog;
    this.properties = properties;
    this.tools = tools;
    this.offline = environment.getProperty("compozy.agents.model-override") != null;
  }

  /** What one ingest did: the documents read, the chunks they make, how many were embedded, kept and deleted. */
  public record Report(String knowledgeBaseId, int documents, int chunks, int embedded, int kept, int deleted) {}

  public List<KnowledgeBaseDef> all() {
    ProjectDef project = catalog.project().orElse(null);
    List<Object> declared = project == null || project.knowledgeBases() == null ? List.of() : project.knowledgeBases();
    return declared.stream().map(d -> Json.MAPPER.convertValue(d, KnowledgeBaseDef.class)).toList();
  }

  public Optional<KnowledgeBaseDef> definition(String id) {
    return all().stream().filter(kb -> kb.id().equals(id)).findFirst();
  }

  /** Reads every source of the base and brings its index in line: new and changed chunks embedded, removed ones deleted. */
  public Report ingest(String id) {
    KnowledgeBaseDef kb = definition(id).orElseThrow(() -> new KnowledgeException("id", "no knowledge base '" + id + "' in the project"));
    synchronized (ingesting.computeIfAbsent(id, k -> new Object())) {
      KnowledgeStore store = store(kb);
      Map<String, String> documents = documents(kb);
      int chunks = 0;
      int embedded = 0;
      int kept = 0;
      int deleted = 0;
      for (Map.Entry<String, String> d : documents.entrySet()) {
        KnowledgeStore.Report r = store.ingest(d.getKey(), d.getValue());
        chunks += r.embedded() + r.kept();
        embedded += r.embedded();
        kept += r.kept();
        deleted += r.deleted();
      }
      LuceneIndex index = index(kb);
      for (String gone : index.sources()) {
        if (!documents.containsKey(gone)) {
          deleted += index.ids(gone).size();
          store.forget(gone);
        }
      }
      return new Report(id, documents.size(), chunks, embedded, kept, deleted);
    }
  }

  /** The chunks nearest to {@code text}, nearest first: the base's retrieval settings unless given. */
  public List<Hit> query(String id, String text, @Nullable Integer topK, @Nullable Double minScore) {
    KnowledgeBaseDef kb = definition(id).orElseThrow(() -> new KnowledgeException("id", "no knowledge base '" + id + "' in the project"));
    KnowledgeBaseDef.Retrieval r = kb.retrieval();
    int k = topK != null ? topK : r != null && r.topK() != null ? r.topK() : 5;
    double min = minScore != null ? minScore : r != null && r.minScore() != null ? r.minScore() : -1;
    return store(kb).query(text, k, min);
  }

  @Override
  public List<Hit> search(String knowledgeBaseId, String text, int topK, double minScore) {
    return query(knowledgeBaseId, text, topK, minScore);
  }

  private KnowledgeStore store(KnowledgeBaseDef kb) {
    int size = kb.chunking() != null && kb.chunking().size() != null ? kb.chunking().size() : KnowledgeBaseDef.DEFAULT_CHUNK_SIZE;
    int overlap = kb.chunking() != null && kb.chunking().overlap() != null ? kb.chunking().overlap()
        : Math.min(KnowledgeBaseDef.DEFAULT_CHUNK_OVERLAP, size / 2);
    return new KnowledgeStore(index(kb), embedder(kb), new TextSplitter(size, overlap), batchSize(kb));
  }

  private LuceneIndex index(KnowledgeBaseDef kb) {
    Embedder e = embedder(kb);
    try {
      return indexes.computeIfAbsent(kb.id(), id -> LuceneIndex.open(Path.of(properties.dirOrDefault()).resolve(folder(id)), e.model(), e.dimension()));
    } catch (IllegalStateException | UncheckedIOException refused) { // made by another model, or a folder that cannot be used
      throw new KnowledgeException("vector_db", "knowledge base '" + kb.id() + "': " + refused.getMessage());
    }
  }

  /** A folder name for an id: its safe characters, and a hash so two ids never share one. */
  static String folder(String id) {
    return id.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + Integer.toHexString(id.hashCode());
  }

  private @Nullable EmbedderDef embedderDef(KnowledgeBaseDef kb) {
    if (kb.embedder() == null) {
      return null;
    }
    ProjectDef project = catalog.project().orElse(null);
    List<Object> declared = project == null || project.embedders() == null ? List.of() : project.embedders();
    return declared.stream().map(d -> Json.MAPPER.convertValue(d, EmbedderDef.class)).filter(e -> e.id().equals(kb.embedder())).findFirst()
        .orElseThrow(() -> new KnowledgeException("embedder", "knowledge base '" + kb.id() + "': no embedder '" + kb.embedder() + "'"));
  }

  private Embedder embedder(KnowledgeBaseDef kb) {
    EmbedderDef def = embedderDef(kb);
    if (def != null && !EmbedderDef.LOCAL.equals(def.provider()) && !offline) {
      throw new KnowledgeException("embedder", "knowledge base '" + kb.id() + "': embedder '" + def.id() + "' (" + def.provider()
          + ") is not wired yet: use provider local (offline), or run with compozy.agents.model-override to embed offline");
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
    return def != null && def.config() != null && def.config().batchSize() != null ? def.config().batchSize() : 32;
  }

  /** Each document of the base's sources by its path under the project, its text read (bounded). */
  private Map<String, String> documents(KnowledgeBaseDef kb) {
    Map<String, String> out = new LinkedHashMap<>();
    for (KnowledgeBaseDef.Source s : kb.sourcesOrEmpty()) {
      switch (s.type()) {
        case MARKDOWN_GLOB, TEXT_GLOB -> {
          for (String glob : s.path() != null ? List.of(s.path()) : s.paths() == null ? List.<String>of() : s.paths()) {
            out.putAll(files(kb, glob));
          }
        }
        case URL, PDF_URL -> {
          for (String url : s.urls() == null ? List.<String>of() : s.urls()) {
            out.put(url, fetched(kb, url, s.type() == KnowledgeBaseDef.SourceType.PDF_URL));
          }
        }
        default -> throw new KnowledgeException("sources", "knowledge base '" + kb.id() + "': " + s.type().name().toLowerCase(java.util.Locale.ROOT)
            + " sources are not available here");
      }
    }
    return out;
  }

  /**
   * A document fetched over HTTP(S), with {@code cp__fetch}'s address policy and the file size
   * limit: a PDF's text (Apache PDFBox), an HTML page's text without its tags, other text as it is.
   */
  private String fetched(KnowledgeBaseDef kb, String url, boolean pdf) {
    String where = "knowledge base '" + kb.id() + "': " + url;
    WebFetch.Download d;
    try {
      d = web.download("GET", url, Map.of("User-Agent", "Compozy/1.0"), null, tools.fetchAllowPrivate(),
          (int) Math.min(Integer.MAX_VALUE - 1, properties.maxFileBytes()), java.time.Duration.ofSeconds(30), 3);
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
      throw new KnowledgeException("sources", where + " is larger than compozy.knowledge.max-file-bytes (" + properties.maxFileBytes() + ")");
    }
    String type = d.contentType() == null ? "" : d.contentType().toLowerCase(java.util.Locale.ROOT);
    byte[] body = d.body();
    boolean isPdf = pdf || type.startsWith("application/pdf") || (body.length > 4 && new String(body, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-"));
    if (isPdf) {
      try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(body)) {
        return new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
      } catch (IOException e) {
        throw new KnowledgeException("sources", where + " is not a readable PDF: " + e.getMessage());
      }
    }
    String text = new String(body, StandardCharsets.UTF_8);
    return type.startsWith("text/html") ? HtmlText.of(text) : text;
  }

  private Map<String, String> files(KnowledgeBaseDef kb, String glob) {
    if (tools.projectDir() == null || tools.projectDir().isBlank()) {
      throw new KnowledgeException("sources", "knowledge base '" + kb.id() + "': this instance has no project folder to read '" + glob
          + "' from (COMPOZY_PROJECT_DIR)");
    }
    Path root = Path.of(tools.projectDir()).toAbsolutePath().normalize();
    PathMatcher matcher = Doublestar.compile(glob);
    Map<String, String> out = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> matched = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> matcher.matches(root.relativize(p))).sorted().limit(properties.maxFiles() + 1L).toList();
      if (matched.size() > properties.maxFiles()) {
        throw new KnowledgeException("sources", "knowledge base '" + kb.id() + "': '" + glob + "' matches more than " + properties.maxFiles() + " files");
      }
      for (Path p : matched) {
        if (Files.size(p) > properties.maxFileBytes()) {
          throw new KnowledgeException("sources", "knowledge base '" + kb.id() + "': " + root.relativize(p) + " has " + Files.size(p)
              + " bytes, more than compozy.knowledge.max-file-bytes (" + properties.maxFileBytes() + ")");
        }
        out.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The bases the project ingests at start. */
  public List<String> onStart() {
    return all().stream().filter(kb -> kb.ingestOrDefault() == KnowledgeBaseDef.Ingest.ON_START).map(KnowledgeBaseDef::id).toList();
  }

  @Override
  public void destroy() {
    indexes.values().forEach(LuceneIndex::close);
    indexes.clear();
  }
}
