package io.compozy.execution.knowledge;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.KnowledgeChunk;
import io.compozy.contracts.topic.Topics;
import io.compozy.knowledge.Chunk;
import io.compozy.knowledge.KnowledgeException;
import io.compozy.knowledge.LuceneIndex;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.lucene.store.AlreadyClosedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's indexes a replica of {@code compozy.knowledge.chunks}: every instance reads
 * the whole log (no consumer group) and applies it to its own Lucene indexes, so every instance
 * answers the same queries from its own disk, and a new instance gets every base without embedding
 * anything again. The offsets applied are saved next to the indexes, so a restart goes on from
 * there; an instance away for longer than the log keeps deletions ({@link #STALE}) reads it again
 * from the start.
 */
@Component
class ChunkReplica implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ChunkReplica.class);

  /**
   * Compacted topics keep deletions a day by default: an instance away longer reads the log again.
   */
  static final Duration STALE = Duration.ofHours(20);

  static final String OFFSETS_FILE = "chunks-replica.offsets";

  /**
   * How often what was applied is made durable (Lucene commits, then the offsets file). Searches
   * see a batch as soon as it is applied; a crash loses at most this much, read again from the log.
   */
  static final Duration COMMIT_EVERY = Duration.ofSeconds(1);

  private final LocalIndexes indexes;
  private final String bootstrap;
  private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();
  private final Object progress = new Object();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  /** Indexes written since the last commit; only the replica's thread touches it. */
  private final Set<LuceneIndex> dirty = new HashSet<>();

  private volatile boolean running;
  private volatile boolean caughtUp;
  private volatile @Nullable KafkaConsumer<String, String> consumer;
  private @Nullable Thread thread;
  private @Nullable KafkaConsumer<String, String> ends;

  ChunkReplica(LocalIndexes indexes, KafkaAdmin admin) {
    this.indexes = indexes;
    Object servers = admin.getConfigurationProperties().get("bootstrap.servers");
    this.bootstrap =
        servers instanceof Collection<?> c
            ? String.join(",", c.stream().map(String::valueOf).toList())
            : String.valueOf(servers);
  }

  @Override
  public void start() {
    running = true;
    consumer = new KafkaConsumer<>(properties());
    ends = new KafkaConsumer<>(properties());
    thread = Thread.ofPlatform().daemon().name("knowledge-replica").start(this::run);
  }

  @Override
  public void stop() {
    running = false;
    KafkaConsumer<String, String> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      if (thread != null) {
        thread.join(Duration.ofSeconds(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (ends != null) {
        ends.close(CloseOptions.timeout(Duration.ofSeconds(1)));
        ends = null;
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Whether this instance's indexes have caught up with the log once since it started. */
  boolean caughtUp() {
    return caughtUp;
  }

  /**
   * Waits until everything written to the log before this call is in this instance's indexes: what
   * an ingestion step reads to know which chunks exist, and what a query after an ingest reads.
   */
  boolean awaitCurrent(Duration timeout) {
    return awaitPositions(endOffsets(), timeout);
  }

  /** The positions applied here so far, by partition of the log. */
  Map<Integer, Long> appliedOffsets() {
    Map<Integer, Long> out = new HashMap<>();
    applied.forEach((p, o) -> out.put(p.partition(), o));
    return out;
  }

  /**
   * Waits until this instance's indexes hold the log up to {@code offsets} (by partition), as
   * another instance saw it.
   */
  boolean awaitApplied(Map<Integer, Long> offsets, Duration timeout) {
    Map<TopicPartition, Long> end = new HashMap<>();
    offsets.forEach((p, o) -> end.put(new TopicPartition(Topics.KNOWLEDGE_CHUNKS, p), o));
    return awaitPositions(end, timeout);
  }

  private boolean awaitPositions(Map<TopicPartition, Long> end, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (!reached(end)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !running) {
          return false;
        }
        try {
          progress.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    return end.entrySet().stream()
        .allMatch(e -> applied.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  private synchronized Map<TopicPartition, Long> endOffsets() {
    if (ends == null) {
      return Map.of();
    }
    List<TopicPartition> partitions = partitions(ends, Duration.ofSeconds(5));
    if (partitions.isEmpty()) {
      return Map.of();
    }
    if (!ends.assignment().containsAll(partitions)) {
      ends.assign(
          partitions); // unassigned, a read_committed consumer warns at every look at its end
      // offsets
    }
    return ends.endOffsets(partitions, Duration.ofSeconds(5));
  }

  private void run() {
    KafkaConsumer<String, String> c = consumer;
    List<TopicPartition> partitions = List.of();
    try {
      while (running && partitions.isEmpty()) {
        partitions = partitions(c, Duration.ofSeconds(5));
        if (partitions.isEmpty()) {
          Thread.sleep(200); // the topic is being created at start
        }
      }
      c.assign(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(10));
      Map<TopicPartition, Long> saved = saved();
      for (TopicPartition p : partitions) {
        Long from = saved.get(p);
        if (from != null && from <= end.getOrDefault(p, 0L)) {
          c.seek(p, from);
        } else {
          c.seekToBeginning(List.of(p));
        }
      }
      long lastCommit = System.nanoTime();
      while (running) {
        List<ConsumerRecord<String, String>> batch = new ArrayList<>();
        c.poll(Duration.ofMillis(200)).forEach(batch::add);
        if (!batch.isEmpty()) {
          dirty.addAll(apply(batch));
        }
        for (TopicPartition p : partitions) {
          applied.put(p, c.position(p, Duration.ofSeconds(10)));
        }
        if (!dirty.isEmpty()
            && (batch.isEmpty() || System.nanoTime() - lastCommit >= COMMIT_EVERY.toNanos())) {
          commit(c, partitions);
          lastCommit = System.nanoTime();
        }
        if (!caughtUp && reached(end)) {
          caughtUp = true;
          log.info(
              "knowledge: this instance's indexes have caught up with {}", Topics.KNOWLEDGE_CHUNKS);
        }
        synchronized (progress) {
          progress.notifyAll();
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // stopping
    } catch (RuntimeException e) {
      log.error(
          "knowledge: the replica of {} stopped: {}", Topics.KNOWLEDGE_CHUNKS, e.toString(), e);
    } finally {
      try {
        if (!dirty.isEmpty()) {
          commit(c, partitions);
        }
      } catch (RuntimeException e) {
        log.warn(
            "knowledge: the last chunks applied were not committed ({}); a restart reads them"
                + " again",
            e.toString());
      }
      c.close(CloseOptions.timeout(Duration.ofSeconds(1)));
      consumer = null;
      synchronized (progress) {
        progress.notifyAll();
      }
    }
  }

  /**
   * Makes what was applied durable, then saves the positions: the file never runs ahead of the
   * indexes.
   */
  private void commit(KafkaConsumer<String, String> c, List<TopicPartition> partitions) {
    boolean all = true;
    for (Iterator<LuceneIndex> it = dirty.iterator(); it.hasNext(); ) {
      LuceneIndex index = it.next();
      try {
        index.commit();
        it.remove();
      } catch (AlreadyClosedException e) {
        it.remove(); // its base was dropped here
      } catch (IOException e) {
        all =
            false; // tried again at the next commit; the offsets stay where the indexes are durable
        log.warn("knowledge: an index was not committed: {}", e.toString());
      }
    }
    if (all) {
      save(c, partitions);
    }
  }

  /**
   * Applies a batch base by base, seen by searches at once: upserts of the latest value, deletes
   * for tombstones.
   */
  private Set<LuceneIndex> apply(List<ConsumerRecord<String, String>> batch) {
    Set<LuceneIndex> touched = new HashSet<>();
    Map<String, Map<String, KnowledgeChunk>> latest = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> r : batch) {
      int slash = r.key() == null ? -1 : r.key().indexOf('/');
      if (slash < 1) {
        continue;
      }
      String base = r.key().substring(0, slash);
      String chunk = r.key().substring(slash + 1);
      latest
          .computeIfAbsent(base, b -> new LinkedHashMap<>())
          .put(chunk, r.value() == null ? null : Json.read(r.value(), KnowledgeChunk.class));
    }
    latest.forEach(
        (base, chunks) -> {
          List<Chunk> upserts = new ArrayList<>();
          List<float[]> vectors = new ArrayList<>();
          Set<String> deletes = new HashSet<>();
          String model = null;
          for (Map.Entry<String, KnowledgeChunk> e : chunks.entrySet()) {
            KnowledgeChunk k = e.getValue();
            if (k == null) {
              deletes.add(e.getKey());
            } else {
              upserts.add(new Chunk(k.id(), k.source(), k.index(), k.text()));
              vectors.add(k.floats());
              model = k.model();
            }
          }
          Optional<LuceneIndex> index =
              index(base, model, vectors.isEmpty() ? 0 : vectors.getFirst().length);
          if (index.isPresent()) {
            index.get().applyVisible(upserts, vectors, deletes);
            touched.add(index.get());
          }
        });
    return touched;
  }

  private Optional<LuceneIndex> index(String base, @Nullable String model, int dimension) {
    try {
      if (model != null) {
        return Optional.of(indexes.index(base, model, dimension));
      }
      Optional<LuceneIndex> open = indexes.ifOpen(base);
      if (open.isPresent()) {
        return open;
      }
      // only deletions for a base not open yet: open what is on disk, as it was made
      Optional<String> made = LuceneIndex.madeFor(indexes.dir().resolve(LocalIndexes.folder(base)));
      if (made.isEmpty()) {
        return Optional.empty();
      }
      String m = made.get();
      return Optional.of(
          indexes.index(
              base,
              m.substring(0, m.lastIndexOf('/')),
              Integer.parseInt(m.substring(m.lastIndexOf('/') + 1))));
    } catch (KnowledgeException e) {
      if (refused.add(base)) {
        log.warn("knowledge: chunks of base {} not applied here: {}", base, e.getMessage());
      }
      return Optional.empty();
    }
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<String, String> c, Duration timeout) {
    List<PartitionInfo> infos = c.partitionsFor(Topics.KNOWLEDGE_CHUNKS, timeout);
    List<TopicPartition> out = new ArrayList<>();
    if (infos != null) {
      infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
    }
    return out;
  }

  private Path offsetsFile() {
    return indexes.dir().resolve(OFFSETS_FILE);
  }

  /**
   * The offsets applied before, unless too old to trust (deletions may have left the log
   * meanwhile).
   */
  private Map<TopicPartition, Long> saved() {
    Path file = offsetsFile();
    Map<TopicPartition, Long> out = new HashMap<>();
    try {
      if (!Files.exists(file)
          || Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(STALE))) {
        return out;
      }
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
      p.forEach(
          (k, v) ->
              out.put(
                  new TopicPartition(Topics.KNOWLEDGE_CHUNKS, Integer.parseInt((String) k)),
                  Long.parseLong((String) v)));
    } catch (IOException | RuntimeException e) {
      log.warn(
          "knowledge: {} cannot be read ({}); reading {} from the start",
          file,
          e.toString(),
          Topics.KNOWLEDGE_CHUNKS);
      out.clear();
    }
    return out;
  }

  /** Saves the positions after the indexes have committed what came before them. */
  private void save(KafkaConsumer<String, String> c, List<TopicPartition> partitions) {
    Properties p = new Properties();
    for (TopicPartition tp : partitions) {
      p.setProperty(
          Integer.toString(tp.partition()), Long.toString(c.position(tp, Duration.ofSeconds(10))));
    }
    try {
      Files.createDirectories(indexes.dir());
      Path tmp = indexes.dir().resolve(OFFSETS_FILE + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp)) {
        p.store(w, "offsets of " + Topics.KNOWLEDGE_CHUNKS + " applied to the indexes here");
      }
      Files.move(
          tmp, offsetsFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      log.warn(
          "knowledge: offsets not saved ({}); a restart reads more of the log again", e.toString());
    }
  }

  private Properties properties() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }
}
