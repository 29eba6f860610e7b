package io.compozy.support.catalog;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.AgentDef;
import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.dsl.McpDef;
import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.SchemaRefs;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, always-current, read-only view of every definition, built by reading the compacted topic
 * {@code compozy.resources} from the beginning and following it. It is ready once it has read up to
 * the end offsets it found at start.
 */
public final class ResourceCatalog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ResourceCatalog.class);

  private final Map<String, Entry> byKindAndId = new ConcurrentHashMap<>();

  /**
   * Counts the changes of definitions: what is kept from them is good for the count it was made at.
   */
  private final AtomicLong generation = new AtomicLong();

  private volatile @Nullable Kept<List<ModelDef>> models;
  private volatile @Nullable Kept<List<KnowledgeBaseDef>> knowledgeBases;

  private record Kept<T>(long generation, T value) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final CountDownLatch caughtUp = new CountDownLatch(1);

  /** Notified on every applied record, for {@link #awaitWorkflow}. */
  private final Object changed = new Object();

  private final Thread thread;
  private volatile boolean running = true;
  private final AtomicInteger restarts = new AtomicInteger();

  /** Asked for by {@link #awaitCurrent}; the catalog's thread takes the end offsets for them. */
  private final Queue<CompletableFuture<Void>> currentRequests = new ConcurrentLinkedQueue<>();

  /** End offsets taken for requests of {@link #awaitCurrent}, completed once read up to them. */
  private record Reading(
      Map<TopicPartition, Long> targets, List<CompletableFuture<Void>> waiting) {}

  private record Entry(ResourceDocument document, Object typed) {}

  public ResourceCatalog(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(props);
    this.thread = Thread.ofPlatform().daemon().name("resource-catalog").unstarted(this::run);
  }

  public ResourceCatalog start() {
    thread.start();
    return this;
  }

  /** True once everything published before the catalog started has been read. */
  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits until the catalog has read everything published to the topic before the call (so a
   * project imported just now is here whole, not only the part on the partitions read first); false
   * when {@code timeout} passed first.
   */
  public boolean awaitCurrent(Duration timeout) throws InterruptedException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    currentRequests.add(done);
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      currentRequests.remove(done);
      return false;
    }
  }

  /** Waits until the workflow is in the catalog; false when {@code timeout} passed first. */
  public boolean awaitWorkflow(String id, Duration timeout) throws InterruptedException {
    return await(() -> workflow(id).isPresent(), timeout);
  }

  /** Waits until the project definition has been read (a registry publishes it at its start). */
  public boolean awaitProject(Duration timeout) throws InterruptedException {
    return await(() -> project().isPresent(), timeout);
  }

  /**
   * Waits until every knowledge base {@code compozy.yaml} declares is stored (its import writes the
   * project first, then the bases); false when {@code timeout} passed first (one was deleted
   * through the API since, say).
   */
  public boolean awaitDeclaredKnowledgeBases(Duration timeout) throws InterruptedException {
    return await(
        () -> {
          Set<String> stored = new HashSet<>();
          knowledgeBases().forEach(kb -> stored.add(kb.id()));
          return project()
              .map(p -> p.knowledgeBases() == null ? List.<Object>of() : p.knowledgeBases())
              .orElse(List.of())
              .stream()
              .allMatch(
                  d -> !(d instanceof Map<?, ?> m) || stored.contains(String.valueOf(m.get("id"))));
        },
        timeout);
  }

  private boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(changed, left);
      }
      return true;
    }
  }

  public Optional<WorkflowDef> workflow(String id) {
    return typed(ResourceKinds.WORKFLOW, id, WorkflowDef.class);
  }

  /** A tool stored on its own (those of a workflow or compozy.yaml are found there first). */
  public Optional<ToolDef> tool(String id) {
    return typed(ResourceKinds.TOOL, id, ToolDef.class);
  }

  public Optional<AgentDef> agent(String id) {
    return typed(ResourceKinds.AGENT, id, AgentDef.class);
  }

  /** A memory resource: stored on its own, or declared in {@code compozy.yaml}. */
  public Optional<MemoryDef> memory(String id) {
    Optional<MemoryDef> own = typed(ResourceKinds.MEMORY, id, MemoryDef.class);
    if (own.isPresent()) {
      return own;
    }
    return project()
        .flatMap(
            p ->
                p.memories() == null
                    ? Optional.empty()
                    : p.memories().stream()
                        .filter(m -> m instanceof Map<?, ?> map && id.equals(map.get("id")))
                        .findFirst()
                        .map(m -> Json.MAPPER.convertValue(m, MemoryDef.class)));
  }

  /**
   * Every memory resource: those stored on their own, then those only {@code compozy.yaml}
   * declares, by id.
   */
  public List<MemoryDef> memories() {
    Map<String, MemoryDef> out = new TreeMap<>();
    project()
        .ifPresent(
            p ->
                (p.memories() == null ? List.<Object>of() : p.memories())
                    .forEach(
                        m -> {
                          if (m instanceof Map<?, ?> map && map.get("id") != null) {
                            out.put(
                                String.valueOf(map.get("id")),
                                Json.MAPPER.convertValue(m, MemoryDef.class));
                          }
                        }));
    documents(ResourceKinds.MEMORY)
        .forEach(
            d ->
                typed(ResourceKinds.MEMORY, d.id(), MemoryDef.class)
                    .ifPresent(m -> out.put(d.id(), m)));
    return List.copyOf(out.values());
  }

  /** An MCP server: stored on its own, or declared in {@code compozy.yaml}. */
  public Optional<McpDef> mcp(String id) {
    Optional<McpDef> own = typed(ResourceKinds.MCP, id, McpDef.class);
    if (own.isPresent()) {
      return own;
    }
    return project()
        .flatMap(p -> SchemaRefs.byId(p.mcps(), id))
        .map(m -> Json.MAPPER.convertValue(m, McpDef.class));
  }

  /**
   * Every knowledge base: those stored on their own (a project's are stored so when it is
   * published) and those declared in {@code compozy.yaml} only; a stored one wins its id.
   */
  public List<KnowledgeBaseDef> knowledgeBases() {
    long now = generation.get();
    Kept<List<KnowledgeBaseDef>> kept = knowledgeBases;
    if (kept == null
        || kept.generation()
            != now) { // kept until a definition changes: every query and agent call reads them
      kept = new Kept<>(now, collectKnowledgeBases());
      knowledgeBases = kept;
    }
    return kept.value();
  }

  /**
   * The bases stored: the project's are stored by its import like any other, so one deleted through
   * the API is gone (until the project is imported again), as in Compozy.
   */
  private List<KnowledgeBaseDef> collectKnowledgeBases() {
    return documents(ResourceKinds.KNOWLEDGE_BASE).stream()
        .sorted(Comparator.comparing(ResourceDocument::id))
        .map(d -> Json.MAPPER.convertValue(d.body(), KnowledgeBaseDef.class))
        .toList();
  }

  /**
   * A JSON Schema by id: stored on its own, or declared in {@code compozy.yaml}; without its {@code
   * id}.
   */
  public Optional<Map<String, Object>> schema(String id) {
    Optional<ResourceDocument> own = document(ResourceKinds.SCHEMA, id);
    if (own.isPresent() && own.get().body() instanceof Map<?, ?> m) {
      return Optional.of(SchemaRefs.withoutId(m));
    }
    return project().flatMap(p -> SchemaRefs.byId(p.schemas(), id)).map(SchemaRefs::withoutId);
  }

  /**
   * Every model: those of {@code compozy.yaml} and those stored on their own. The orchestrator asks
   * for them in every decision, so the list is kept until a definition changes.
   */
  public List<ModelDef> models() {
    long now = generation.get();
    Kept<List<ModelDef>> kept = models;
    if (kept == null || kept.generation() != now) {
      kept = new Kept<>(now, List.copyOf(collectModels()));
      models = kept;
    }
    return kept.value();
  }

  private List<ModelDef> collectModels() {
    List<ModelDef> out =
        new ArrayList<>(project().map(ProjectDef::modelsOrEmpty).orElse(List.of()));
    byKindAndId.values().stream()
        .filter(e -> e.document().kind().equals(ResourceKinds.MODEL))
        .map(e -> (ModelDef) e.typed())
        .filter(m -> out.stream().noneMatch(o -> o.id() != null && o.id().equals(m.id())))
        .forEach(out::add);
    return out;
  }

  /** The project's definition and where its files are. */
  public Optional<ProjectDef> project() {
    return byKindAndId.values().stream()
        .filter(e -> e.document().kind().equals(ResourceKinds.PROJECT))
        .map(e -> (ProjectDef) e.typed())
        .findFirst();
  }

  /** Every definition of a kind, as it stands. */
  public List<ResourceDocument> documents(String kind) {
    return byKindAndId.values().stream()
        .map(Entry::document)
        .filter(d -> d.kind().equals(kind))
        .toList();
  }

  public Optional<ResourceDocument> document(String kind, String id) {
    return Optional.ofNullable(byKindAndId.get(kind + "/" + id)).map(Entry::document);
  }

  private <T> Optional<T> typed(String kind, String id, Class<T> type) {
    Entry e = byKindAndId.get(kind + "/" + id);
    return e == null ? Optional.empty() : Optional.of(type.cast(e.typed()));
  }

  private final List<Consumer<ResourceDocument>> removals = new CopyOnWriteArrayList<>();

  /**
   * Tells {@code listener} of each definition deleted from now on (not those the catalog reads
   * again when it starts): on the catalog's thread, so it must be quick.
   */
  public void onRemoved(Consumer<ResourceDocument> listener) {
    removals.add(listener);
  }

  /**
   * Applies one record of the topic; a null value is a tombstone. Public for the registry's own
   * use.
   */
  public void apply(String key, byte @Nullable [] value) {
    String[] parts = key.split("/", 3);
    if (parts.length != 3) {
      log.warn("ignoring resource with malformed key {}", key);
      return;
    }
    String local = parts[1] + "/" + parts[2];
    if (value == null) {
      Entry removed = byKindAndId.remove(local);
      changed();
      if (removed != null && isCaughtUp()) {
        for (Consumer<ResourceDocument> l : removals) {
          try {
            l.accept(removed.document());
          } catch (RuntimeException e) {
            log.warn("a listener of removed definitions failed on {}: {}", local, e.toString());
          }
        }
      }
      return;
    }
    ResourceDocument doc = Json.read(value, ResourceDocument.class);
    byKindAndId.put(local, new Entry(doc, typedBody(doc)));
    changed();
    synchronized (changed) {
      changed.notifyAll();
    }
  }

  /** Drops what is kept from the definitions: a model, a base or the project may have changed. */
  private void changed() {
    generation.incrementAndGet();
  }

  private static Object typedBody(ResourceDocument doc) {
    return switch (doc.kind()) {
      case ResourceKinds.WORKFLOW -> Json.MAPPER.convertValue(doc.body(), WorkflowDef.class);
      case ResourceKinds.PROJECT -> Json.MAPPER.convertValue(doc.body(), ProjectDef.class);
      case ResourceKinds.AGENT -> Json.MAPPER.convertValue(doc.body(), AgentDef.class);
      case ResourceKinds.MODEL -> Json.MAPPER.convertValue(doc.body(), ModelDef.class);
      case ResourceKinds.MEMORY -> Json.MAPPER.convertValue(doc.body(), MemoryDef.class);
      case ResourceKinds.MCP -> Json.MAPPER.convertValue(doc.body(), McpDef.class);
      case ResourceKinds.TOOL -> Json.MAPPER.convertValue(doc.body(), ToolDef.class);
      default -> doc.body();
    };
  }

  /**
   * Follows the topic until closed. A broker that is slow or away (a metadata or offsets request
   * timing out under load) must not end the thread: the catalog would never be ready again, and the
   * service with it. It starts over from the beginning instead (applying a record twice is
   * harmless).
   */
  private void run() {
    try {
      while (running) {
        try {
          follow();
        } catch (WakeupException e) {
          if (running) {
            log.warn("resource catalog: woken up while running; starting over");
          }
        } catch (KafkaException e) {
          log.warn("resource catalog: {}; starting over in 1 s", e.toString());
          restarts.incrementAndGet();
          pause();
        }
      }
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
    }
  }

  private void follow() {
    List<TopicPartition> partitions = awaitPartitions();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> targets =
        new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
    List<Reading> readings = new ArrayList<>();
    while (running) {
      List<CompletableFuture<Void>> asked = new ArrayList<>();
      for (var f = currentRequests.poll(); f != null; f = currentRequests.poll()) {
        asked.add(f);
      }
      if (!asked.isEmpty()) {
        readings.add(
            new Reading(
                new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10))), asked));
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        try {
          apply(r.key(), r.value());
        } catch (RuntimeException e) {
          log.error("resource {} at offset {} cannot be read; skipped", r.key(), r.offset(), e);
        }
      }
      if (caughtUp.getCount() > 0) {
        targets
            .entrySet()
            .removeIf(t -> consumer.position(t.getKey(), Duration.ofSeconds(10)) >= t.getValue());
        if (targets.isEmpty()) {
          caughtUp.countDown();
        }
      }
      readings.removeIf(
          reading -> {
            reading
                .targets()
                .entrySet()
                .removeIf(
                    t -> consumer.position(t.getKey(), Duration.ofSeconds(10)) >= t.getValue());
            if (reading.targets().isEmpty()) {
              reading.waiting().forEach(f -> f.complete(null));
              return true;
            }
            return false;
          });
    }
  }

  private void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** How often the catalog started over after Kafka failed it (a timeout, a broker away). */
  public int restarts() {
    return restarts.get();
  }

  /** Whether the catalog's thread still follows the topic (it stops only when closed). */
  public boolean isFollowing() {
    return thread.isAlive();
  }

  private List<TopicPartition> awaitPartitions() {
    while (running) {
      List<PartitionInfo> infos = consumer.partitionsFor(Topics.RESOURCES, Duration.ofSeconds(5));
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> out = new ArrayList<>();
        infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
        return out;
      }
      try {
        Thread.sleep(200); // the registry has not declared the topic yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WakeupException();
      }
    }
    throw new WakeupException();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
