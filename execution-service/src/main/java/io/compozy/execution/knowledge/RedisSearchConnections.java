package io.compozy.execution.knowledge;

import io.compozy.contracts.dsl.VectorDbDef;
import io.compozy.execution.agent.ChatModels;
import io.compozy.knowledge.Embedder;
import io.compozy.knowledge.KnowledgeException;
import io.compozy.knowledge.RedisSearchStore;
import io.compozy.knowledge.VectorStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider.ImmediateRedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.stereotype.Component;

/**
 * Opens a base's {@code redis} store from its {@code vector_dbs} entry as Compozy reads it: {@code
 * config.dsn} (a {@code redis://} or {@code rediss://} URL, a template over the environment), else
 * the platform's own Redis; {@code config.auth.username} and {@code password}; the key prefix from
 * {@code collection}, {@code namespace}, {@code index}, {@code table} or the entry's id
 * (lower-cased, other characters made {@code _}). One connection per server, closed with the
 * service.
 */
@Component
class RedisSearchConnections implements DisposableBean {
  static final String DEFAULT_PREFIX = "knowledge_vectors";
  private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(30);
  private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(5);
  private final ObjectProvider<DataRedisConnectionDetails> platform;
  private final Map<RedisURI, Connection> open = new ConcurrentHashMap<>();

  private record Connection(RedisClient client, StatefulRedisConnection<String, byte[]> redis) {}

  RedisSearchConnections(ObjectProvider<DataRedisConnectionDetails> platform) {
    this.platform = platform;
  }

  /**
   * The store; empty when it names no DSN and the platform's Redis has no search engine (the
   * embedded Redis of standalone mode): the caller keeps the base in the replicated index instead.
   */
  Optional<VectorStore> open(
      VectorDbDef db, String knowledgeBaseId, Embedder embedder, ChatModels secrets) {
    Map<String, Object> config = db.config() == null ? Map.of() : db.config();
    String where = "knowledge base '" + knowledgeBaseId + "': vector_db '" + db.id() + "'";
    if (config.get("dimension") instanceof Number n && n.intValue() != embedder.dimension()) {
      throw new KnowledgeException(
          "vector_db",
          where
              + " has dimension "
              + n.intValue()
              + " but embedder "
              + embedder.model()
              + " makes "
              + embedder.dimension());
    }
    String dsn =
        config.get("dsn") instanceof String s && !s.isBlank() ? secrets.secret(s).strip() : "";
    RedisURI uri = dsn.isEmpty() ? platform(where) : uri(dsn, where);
    if (config.get("auth") instanceof Map<?, ?> auth) {
      String user =
          auth.get("username") instanceof String u && !u.isBlank() ? secrets.secret(u) : null;
      String password = auth.get("password") instanceof String p ? secrets.secret(p) : null;
      // what the DSN itself says wins, as in Compozy
      RedisCredentials inDsn =
          uri.getCredentialsProvider() instanceof ImmediateRedisCredentialsProvider given
              ? given.resolveCredentialsNow()
              : null;
      if (password != null && (inDsn == null || !inDsn.hasPassword())) {
        String username = inDsn != null && inDsn.hasUsername() ? inDsn.getUsername() : user;
        uri.setCredentialsProvider(new StaticCredentialsProvider(username, password.toCharArray()));
      }
    }
    try {
      Connection c = open.computeIfAbsent(uri, RedisSearchConnections::connect);
      return Optional.of(
          new RedisSearchStore(
              c.redis(),
              prefix(config, db.id()),
              knowledgeBaseId,
              embedder.model(),
              embedder.dimension()));
    } catch (RedisSearchStore.NoSearchEngine e) {
      if (dsn.isEmpty()) {
        return Optional.empty();
      }
      throw new KnowledgeException(
          "vector_db",
          where
              + ": the Redis at config.dsn has no search engine (FT.* commands); the redis store "
              + "needs Redis 8, Redis Stack or the RediSearch module");
    } catch (RuntimeException e) {
      throw new KnowledgeException("vector_db", where + ": " + e.getMessage());
    }
  }

  private static Connection connect(RedisURI uri) {
    RedisClient client = RedisClient.create(uri);
    client.setOptions(
        ClientOptions.builder()
            .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_DEADLINE).build())
            .build());
    try {
      return new Connection(
          client, client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)));
    } catch (RuntimeException e) {
      client.shutdown();
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new IllegalStateException(
          "redis at "
              + uri.getHost()
              + ":"
              + uri.getPort()
              + " cannot be reached: "
              + root.getMessage(),
          e);
    }
  }

  /** The key prefix, as Compozy makes it from the first of the names the entry gives. */
  static String prefix(Map<String, Object> config, String id) {
    for (String name : new String[] {"collection", "namespace", "index", "table"}) {
      if (config.get(name) instanceof String s && !sanitized(s).isEmpty()) {
        return sanitized(s);
      }
    }
    return sanitized(id).isEmpty() ? DEFAULT_PREFIX : sanitized(id);
  }

  private static String sanitized(String raw) {
    String lower = raw.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9:_-]", "_");
    String trimmed = lower.replaceAll("^[_:-]+|[_:-]+$", "");
    return trimmed.length() > 200 ? trimmed.substring(0, 200) : trimmed;
  }

  private static RedisURI uri(String dsn, String where) {
    if (!dsn.startsWith("redis://") && !dsn.startsWith("rediss://")) {
      throw new KnowledgeException(
          "vector_db", where + ": config.dsn must be a redis:// or rediss:// URL");
    }
    try {
      RedisURI uri = RedisURI.create(dsn);
      uri.setTimeout(COMMAND_DEADLINE);
      return uri;
    } catch (IllegalArgumentException e) {
      throw new KnowledgeException(
          "vector_db", where + ": config.dsn is not a redis URL: " + e.getMessage());
    }
  }

  private RedisURI platform(String where) {
    DataRedisConnectionDetails details = platform.getIfAvailable();
    if (details == null || details.getStandalone() == null) {
      throw new KnowledgeException(
          "vector_db",
          where + ": no config.dsn, and the platform's Redis is not a single server known here");
    }
    RedisURI.Builder b =
        RedisURI.builder()
            .withHost(details.getStandalone().getHost())
            .withPort(details.getStandalone().getPort())
            .withDatabase(details.getStandalone().getDatabase())
            .withTimeout(COMMAND_DEADLINE);
    if (details.getPassword() != null && details.getUsername() != null) {
      b.withAuthentication(details.getUsername(), details.getPassword());
    } else if (details.getPassword() != null) {
      b.withPassword(details.getPassword().toCharArray());
    }
    return b.build();
  }

  @Override
  public void destroy() {
    open.values()
        .forEach(
            c -> {
              c.redis().close();
              c.client().shutdown();
            });
    open.clear();
  }
}
