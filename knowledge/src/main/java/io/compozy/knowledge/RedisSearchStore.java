package io.compozy.knowledge;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.search.SearchReply;
import io.lettuce.core.search.arguments.CreateArgs;
import io.lettuce.core.search.arguments.FieldArgs;
import io.lettuce.core.search.arguments.QueryDialects;
import io.lettuce.core.search.arguments.SearchArgs;
import io.lettuce.core.search.arguments.SortByArgs;
import io.lettuce.core.search.arguments.TagFieldArgs;
import io.lettuce.core.search.arguments.VectorFieldArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One knowledge base's chunks in Redis with its search engine (Compozy's {@code redis} store; Redis
 * 8, Redis Stack, or the RediSearch module): a hash per chunk under {@code <prefix>:chunk:},
 * indexed by {@code <prefix>:idx} (the base as a tag, the vector in an HNSW field by cosine);
 * beside them, per base, the set of its sources and a set of chunk ids per source, kept with each
 * chunk by one script so they never disagree. Searches are KNN queries filtered to the base.
 */
public final class RedisSearchStore implements VectorStore {
  /**
   * Key prefixes as Compozy makes them from a collection name: lower case, digits, {@code : _ -}.
   */
  public static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9:_-]{0,199}");

  private static final Duration WRITE_DEADLINE = Duration.ofSeconds(30);
  private static final String UPSERT =
      """
      redis.call('HSET', KEYS[1], 'kb_id', ARGV[1], 'id', ARGV[2], 'source', ARGV[3], 'chunk_index', ARGV[4], \
      'text', ARGV[5],
        'model', ARGV[6], 'vector', ARGV[7], 'src_key', KEYS[2])
      redis.call('SADD', KEYS[2], ARGV[2])
      redis.call('SADD', KEYS[3], ARGV[3])
      redis.call('SET', KEYS[4], ARGV[6])
      return 1\
      """;

  /**
   * Deletes a chunk and takes it out of its source's set, and the source out of the base's when it
   * was its last chunk.
   */
  private static final String DELETE =
      """
      local h = redis.call('HMGET', KEYS[1], 'src_key', 'source')
      redis.call('DEL', KEYS[1])
      if h[1] then
        redis.call('SREM', h[1], ARGV[1])
        if redis.call('SCARD', h[1]) == 0 then redis.call('SREM', KEYS[2], h[2]) end
      end
      return 1\
      """;

  private final StatefulRedisConnection<String, byte[]> connection;
  private final String prefix;
  private final String index;
  private final String knowledgeBaseId;
  private final String model;
  private final int dimension;

  /**
   * Opens the base's part of the store at {@code prefix}, making the index when missing. Refuses an
   * index of another dimension, a base whose stored vectors another model made, and a Redis without
   * a search engine ({@link NoSearchEngine}).
   */
  public RedisSearchStore(
      StatefulRedisConnection<String, byte[]> connection,
      String prefix,
      String knowledgeBaseId,
      String model,
      int dimension) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "prefix '"
              + prefix
              + "' is not a plain key prefix (lower case letters, digits, ':', '_' and '-')");
    }
    this.connection = connection;
    this.prefix = prefix;
    this.index = prefix + ":idx";
    this.knowledgeBaseId = knowledgeBaseId;
    this.model = model;
    this.dimension = dimension;
    prepare();
  }

  /**
   * A Redis that has no search engine (no FT.* commands): one without Redis 8, Redis Stack or
   * RediSearch.
   */
  public static final class NoSearchEngine extends IllegalStateException {
    NoSearchEngine(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private void prepare() {
    RedisCommands<String, byte[]> redis = connection.sync();
    List<byte[]> indexes;
    try {
      indexes = redis.ftList();
    } catch (RedisCommandExecutionException e) {
      if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("unknown command")) {
        throw new NoSearchEngine(
            "this Redis has no search engine (FT.* commands): the redis store needs Redis 8, Redis"
                + " Stack or the RediSearch module",
            e);
      }
      throw e;
    }
    byte[] stored = redis.get(prefix + ":dimension");
    if (indexes.stream().noneMatch(i -> new String(i, StandardCharsets.UTF_8).equals(index))) {
      create(redis);
    } else if (stored != null && Integer.parseInt(text(stored)) != dimension) {
      throw new IllegalStateException(
          "index " + index + " holds vectors of " + text(stored) + " dimensions, not " + dimension);
    }
    byte[] made = redis.get(baseKey("model"));
    if (made != null && !text(made).equals(model) && redis.scard(baseKey("sources")) > 0) {
      throw new IllegalStateException(
          "redis at prefix "
              + prefix
              + " holds vectors of "
              + text(made)
              + " for base "
              + knowledgeBaseId
              + ", not of "
              + model
              + ": ingest into a new collection to change the embedder");
    }
  }

  private void create(RedisCommands<String, byte[]> redis) {
    List<FieldArgs<String>> fields =
        List.of(
            TagFieldArgs.<String>builder().name("kb_id").build(),
            VectorFieldArgs.<String>builder()
                .name("vector")
                .hnsw()
                .type(VectorFieldArgs.VectorType.FLOAT32)
                .dimensions(dimension)
                .distanceMetric(VectorFieldArgs.DistanceMetric.COSINE)
                .build());
    try {
      redis.ftCreate(
          index,
          CreateArgs.<String, byte[]>builder()
              .on(CreateArgs.TargetType.HASH)
              .withPrefix(prefix + ":chunk:")
              .build(),
          fields);
    } catch (RedisCommandExecutionException e) {
      // another instance made it first
      if (!String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("already exists")) {
        throw e;
      }
    }
    redis.setnx(prefix + ":dimension", bytes(Integer.toString(dimension)));
  }

  @Override
  public Set<String> ids(String source) {
    return strings(connection.sync().smembers(sourceKey(source)));
  }

  @Override
  public Set<String> sources() {
    return strings(connection.sync().smembers(baseKey("sources")));
  }

  @Override
  public void upsert(List<Chunk> chunks, List<float[]> vectors) {
    if (chunks.size() != vectors.size()) {
      throw new IllegalArgumentException(
          chunks.size() + " chunks but " + vectors.size() + " vectors");
    }
    RedisAsyncCommands<String, byte[]> redis = connection.async();
    List<RedisFuture<?>> sent = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      if (vectors.get(i).length != dimension) {
        throw new IllegalArgumentException(
            "a vector of " + vectors.get(i).length + " dimensions for a store of " + dimension);
      }
      String[] keys = {
        chunkKey(c.id()), sourceKey(c.source()), baseKey("sources"), baseKey("model")
      };
      sent.add(
          redis.eval(
              UPSERT,
              ScriptOutputType.INTEGER,
              keys,
              bytes(knowledgeBaseId),
              bytes(c.id()),
              bytes(c.source()),
              bytes(Integer.toString(c.index())),
              bytes(c.text()),
              bytes(model),
              RedisSearchQuery.blob(vectors.get(i))));
    }
    await(sent);
  }

  @Override
  public void delete(Collection<String> ids) {
    RedisAsyncCommands<String, byte[]> redis = connection.async();
    List<RedisFuture<?>> sent = new ArrayList<>(ids.size());
    for (String id : ids) {
      sent.add(
          redis.eval(
              DELETE,
              ScriptOutputType.INTEGER,
              new String[] {chunkKey(id), baseKey("sources")},
              bytes(id)));
    }
    await(sent);
  }

  @Override
  public List<Hit> search(float[] query, int topK, double minScore) {
    if (query.length != dimension) {
      throw new IllegalArgumentException(
          "a query of " + query.length + " dimensions for a store of " + dimension);
    }
    int k = Math.max(1, Math.min(topK, LuceneIndex.MAX_TOP_K));
    SearchArgs<String, byte[]> args =
        SearchArgs.<String, byte[]>builder()
            .param("k", bytes(Integer.toString(k)))
            .param("vec", RedisSearchQuery.blob(query))
            .returnField("id")
            .returnField("source")
            .returnField("chunk_index")
            .returnField("text")
            .returnField(RedisSearchQuery.DISTANCE)
            .sortBy(SortByArgs.<String>builder().attribute(RedisSearchQuery.DISTANCE).build())
            .limit(0, k)
            .dialect(QueryDialects.DIALECT2)
            .build();
    SearchReply<String, byte[]> reply =
        connection
            .sync()
            .ftSearch(index, bytes(RedisSearchQuery.knn("kb_id", knowledgeBaseId, "vector")), args);
    List<Hit> hits = new ArrayList<>();
    for (SearchReply.SearchResult<String, byte[]> r : reply.getResults()) {
      Map<String, byte[]> f = r.getFields();
      double score =
          RedisSearchQuery.score(Double.parseDouble(text(f.get(RedisSearchQuery.DISTANCE))));
      if (score >= minScore) {
        hits.add(
            new Hit(
                text(f.get("id")),
                text(f.get("source")),
                Integer.parseInt(text(f.get("chunk_index"))),
                text(f.get("text")),
                score));
      }
    }
    return hits;
  }

  private String chunkKey(String chunkId) {
    return prefix + ":chunk:" + UUID.nameUUIDFromBytes(bytes(knowledgeBaseId + "/" + chunkId));
  }

  private String sourceKey(String source) {
    return prefix + ":kb:" + knowledgeBaseId + ":source:" + UUID.nameUUIDFromBytes(bytes(source));
  }

  private String baseKey(String what) {
    return prefix + ":kb:" + knowledgeBaseId + ":" + what;
  }

  private static void await(List<RedisFuture<?>> sent) {
    if (!sent.isEmpty()
        && !LettuceFutures.awaitAll(WRITE_DEADLINE, sent.toArray(new RedisFuture<?>[0]))) {
      throw new IllegalStateException(
          "redis did not answer "
              + sent.size()
              + " writes within "
              + WRITE_DEADLINE.toSeconds()
              + " s");
    }
  }

  private static Set<String> strings(Set<byte[]> values) {
    Set<String> out = new HashSet<>();
    values.forEach(v -> out.add(text(v)));
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
