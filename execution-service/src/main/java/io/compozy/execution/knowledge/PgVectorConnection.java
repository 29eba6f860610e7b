package io.compozy.execution.knowledge;

import io.compozy.contracts.dsl.VectorDbDef;
import io.compozy.execution.agent.ChatModels;
import io.compozy.knowledge.Embedder;
import io.compozy.knowledge.KnowledgeException;
import io.compozy.knowledge.PgVectorStore;
import io.compozy.knowledge.VectorStore;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Opens a base's {@code pgvector} store from its {@code vector_dbs} entry: {@code config.dsn} (a
 * {@code postgres://user:password@host:port/db?…} URL as Compozy takes it, or a JDBC URL; a
 * template over the environment), else the platform's own Postgres; {@code config.table} (default
 * {@code compozy_knowledge_chunks}); {@code config.dimension}, which must be the embedder's.
 */
final class PgVectorConnection {
  static final String DEFAULT_TABLE = "compozy_knowledge_chunks";

  private PgVectorConnection() {}

  /**
   * The store; empty when it names no DSN and the platform's Postgres has no pgvector extension
   * (the embedded one of standalone mode): the caller keeps the base in the replicated index
   * instead.
   */
  static Optional<VectorStore> open(
      VectorDbDef db,
      String knowledgeBaseId,
      Embedder embedder,
      ChatModels secrets,
      Environment environment) {
    Map<String, Object> config = db.config() == null ? Map.of() : db.config();
    String where = "knowledge base '" + knowledgeBaseId + "': vector_db '" + db.id() + "'";
    try {
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
      String dsn = config.get("dsn") instanceof String s && !s.isBlank() ? secrets.secret(s) : "";
      String table = config.get("table") instanceof String t && !t.isBlank() ? t : DEFAULT_TABLE;
      Jdbc jdbc = dsn.isBlank() ? platform(environment, where) : jdbc(dsn, where);
      try {
        return Optional.of(
            new PgVectorStore(
                jdbc.url(),
                jdbc.user(),
                jdbc.password(),
                table,
                knowledgeBaseId,
                embedder.model(),
                embedder.dimension()));
      } catch (IllegalStateException e) {
        if (dsn.isBlank() && noExtension(e)) {
          return Optional.empty();
        }
        throw e;
      }
    } catch (KnowledgeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KnowledgeException("vector_db", where + ": " + e.getMessage());
    }
  }

  /**
   * Postgres says the extension is not installed on the server (feature not supported, or its files
   * missing).
   */
  private static boolean noExtension(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && ("0A000".equals(sql.getSQLState()) || "58P01".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  record Jdbc(String url, @Nullable String user, @Nullable String password) {}

  /**
   * A Compozy DSN ({@code postgres://u:p@h:5432/db?sslmode=disable}) as JDBC takes it; a JDBC URL
   * as it is.
   */
  static Jdbc jdbc(String dsn, String where) {
    if (dsn.startsWith("jdbc:postgresql:")) {
      return new Jdbc(dsn, null, null);
    }
    URI uri;
    try {
      uri = URI.create(dsn);
    } catch (IllegalArgumentException e) {
      throw new KnowledgeException("vector_db", where + ": config.dsn is not a postgres:// URL");
    }
    if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new KnowledgeException(
          "vector_db", where + ": config.dsn must be postgres://user:password@host:port/database");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
    }
    String url =
        "jdbc:postgresql://"
            + uri.getHost()
            + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
            + (uri.getRawPath() == null ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new Jdbc(url, user, password);
  }

  /** The platform's own Postgres (its R2DBC settings), for a store without a DSN. */
  private static Jdbc platform(Environment environment, String where) {
    String r2dbc = environment.getProperty("spring.r2dbc.url");
    if (r2dbc == null || !r2dbc.startsWith("r2dbc:postgresql:")) {
      throw new KnowledgeException(
          "vector_db", where + ": no config.dsn, and the platform's Postgres is not known here");
    }
    return new Jdbc(
        "jdbc:postgresql:" + r2dbc.substring("r2dbc:postgresql:".length()),
        environment.getProperty("spring.r2dbc.username"),
        environment.getProperty("spring.r2dbc.password"));
  }
}
