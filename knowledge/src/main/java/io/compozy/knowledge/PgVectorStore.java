package io.compozy.knowledge;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One knowledge base's chunks in Postgres with the pgvector extension (Compozy's {@code pgvector}
 * store): a table shared by the bases that name it, a row per chunk keyed by base and chunk id, its
 * vector in a {@code vector(n)} column searched by cosine distance through an HNSW index. Every
 * instance reads and writes the same rows, so nothing is replicated. One connection, used by one
 * call at a time, opened on first use with connect and socket deadlines, and again after a failure.
 */
public final class PgVectorStore implements VectorStore, AutoCloseable {
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private final String url;
  private final Properties login;
  private final String table;
  private final String knowledgeBaseId;
  private final String model;
  private final int dimension;
  private @Nullable Connection connection;

  /**
   * A base's store in {@code table} (created with its index when missing) at the JDBC {@code url};
   * refused when the table holds this base's vectors of another model, or has another dimension.
   */
  public PgVectorStore(
      String url,
      @Nullable String user,
      @Nullable String password,
      String table,
      String knowledgeBaseId,
      String model,
      int dimension) {
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table '" + table + "' is not a plain SQL name (letters, digits, _; at most 63)");
    }
    this.url = url;
    this.login = new Properties();
    if (user != null) {
      login.setProperty("user", user);
    }
    if (password != null) {
      login.setProperty("password", password);
    }
    login.setProperty("connectTimeout", "5");
    login.setProperty("socketTimeout", "60");
    this.table = table;
    this.knowledgeBaseId = knowledgeBaseId;
    this.model = model;
    this.dimension = dimension;
    prepare();
  }

  private void prepare() {
    run(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute("create extension if not exists vector");
            s.execute(
                "create table if not exists "
                    + table
                    + " (kb_id text not null, id text not null, source text not null, chunk_index"
                    + " integer not null, text text not null, model text not null, embedding"
                    + " vector("
                    + dimension
                    + ") not null, "
                    + "primary key (kb_id, id))");
            s.execute(
                "create index if not exists "
                    + table
                    + "_embedding on "
                    + table
                    + " using hnsw (embedding vector_cosine_ops)");
            s.execute(
                "create index if not exists " + table + "_source on " + table + " (kb_id, source)");
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "select model, vector_dims(embedding) from "
                      + table
                      + " where kb_id = ? limit 1")) {
            p.setString(1, knowledgeBaseId);
            try (ResultSet r = p.executeQuery()) {
              if (r.next()
                  && !(r.getString(1) + "/" + r.getInt(2)).equals(model + "/" + dimension)) {
                throw new IllegalStateException(
                    "table "
                        + table
                        + " holds vectors of "
                        + r.getString(1)
                        + "/"
                        + r.getInt(2)
                        + " for base "
                        + knowledgeBaseId
                        + ", not of "
                        + model
                        + "/"
                        + dimension
                        + ": ingest into a new table to change the embedder");
              }
            }
          }
          return null;
        });
  }

  @Override
  public Set<String> ids(String source) {
    return run(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("select id from " + table + " where kb_id = ? and source = ?")) {
            p.setString(1, knowledgeBaseId);
            p.setString(2, source);
            return strings(p);
          }
        });
  }

  @Override
  public Set<String> sources() {
    return run(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("select distinct source from " + table + " where kb_id = ?")) {
            p.setString(1, knowledgeBaseId);
            return strings(p);
          }
        });
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
    run(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "insert into "
                      + table
                      + " (kb_id, id, source, chunk_index, text, model, embedding) values (?, ?, ?,"
                      + " ?, ?, ?, ?::vector) on conflict (kb_id, id) do update set source ="
                      + " excluded.source, chunk_index = excluded.chunk_index, text ="
                      + " excluded.text, model = excluded.model, embedding = excluded.embedding")) {
            for (int i = 0; i < chunks.size(); i++) {
              Chunk ch = chunks.get(i);
              if (vectors.get(i).length != dimension) {
                throw new IllegalArgumentException(
                    "a vector of "
                        + vectors.get(i).length
                        + " dimensions for a store of "
                        + dimension);
              }
              p.setString(1, knowledgeBaseId);
              p.setString(2, ch.id());
              p.setString(3, ch.source());
              p.setInt(4, ch.index());
              p.setString(5, ch.text());
              p.setString(6, model);
              p.setString(7, literal(vectors.get(i)));
              p.addBatch();
            }
            p.executeBatch();
          }
          return null;
        });
  }

  @Override
  public void delete(Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    run(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("delete from " + table + " where kb_id = ? and id = any(?)")) {
            p.setString(1, knowledgeBaseId);
            p.setArray(2, c.createArrayOf("text", ids.toArray()));
            p.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void deleteSource(String source) {
    run(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("delete from " + table + " where kb_id = ? and source = ?")) {
            p.setString(1, knowledgeBaseId);
            p.setString(2, source);
            p.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<Hit> search(float[] query, int topK, double minScore) {
    if (query.length != dimension) {
      throw new IllegalArgumentException(
          "a query of " + query.length + " dimensions for a store of " + dimension);
    }
    int k = Math.max(1, Math.min(topK, LuceneIndex.MAX_TOP_K));
    String q = literal(query);
    return run(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "select id, source, chunk_index, text, 1 - (embedding <=> ?::vector) as score"
                      + " from "
                      + table
                      + " where kb_id = ? order by embedding <=> ?::vector limit ?")) {
            p.setString(1, q);
            p.setString(2, knowledgeBaseId);
            p.setString(3, q);
            p.setInt(4, k);
            List<Hit> hits = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                double score = r.getDouble(5);
                if (score >= minScore) {
                  hits.add(
                      new Hit(r.getString(1), r.getString(2), r.getInt(3), r.getString(4), score));
                }
              }
            }
            return hits;
          }
        });
  }

  private static Set<String> strings(PreparedStatement p) throws SQLException {
    Set<String> out = new HashSet<>();
    try (ResultSet r = p.executeQuery()) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  /** pgvector's text form: {@code [0.1,0.2,…]}. */
  static String literal(float[] v) {
    StringBuilder s = new StringBuilder(v.length * 10).append('[');
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append(Float.toString(v[i]).toLowerCase(Locale.ROOT));
    }
    return s.append(']').toString();
  }

  private interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  private synchronized <T> T run(Work<T> work) {
    try {
      if (connection == null || connection.isClosed()) {
        connection = DriverManager.getConnection(url, login);
      }
      return work.apply(connection);
    } catch (SQLException e) {
      close();
      throw new IllegalStateException(
          "pgvector store " + table + " at " + redacted() + ": " + e.getMessage(), e);
    }
  }

  private String redacted() {
    return url.replaceAll("password=[^&]*", "password=…");
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // closing a broken connection: nothing more to do
      }
      connection = null;
    }
  }
}
