package io.compozy.execution.knowledge;

import io.compozy.contracts.dsl.VectorDbDef;
import io.compozy.execution.agent.ChatModels;
import io.compozy.knowledge.Embedder;
import io.compozy.knowledge.KnowledgeException;
import io.compozy.knowledge.QdrantStore;
import java.util.Map;

/**
 * Opens a base's {@code qdrant} store from its {@code vector_dbs} entry as Compozy reads it: {@code
 * config.dsn} the server's URL, {@code config.collection} (else {@code table}, else the entry's
 * id), {@code config.auth.api_key}; both templates over the environment.
 */
final class QdrantConnection {
  private QdrantConnection() {}

  static QdrantStore open(
      VectorDbDef db, String knowledgeBaseId, Embedder embedder, ChatModels secrets) {
    Map<String, Object> config = db.config() == null ? Map.of() : db.config();
    String where = "knowledge base '" + knowledgeBaseId + "': vector_db '" + db.id() + "'";
    String dsn = config.get("dsn") instanceof String s ? secrets.secret(s).strip() : "";
    if (!dsn.startsWith("http://") && !dsn.startsWith("https://")) {
      throw new KnowledgeException(
          "vector_db", where + ": qdrant needs config.dsn, the server's http(s) URL");
    }
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
    String collection =
        config.get("collection") instanceof String c && !c.isBlank()
            ? c
            : config.get("table") instanceof String t && !t.isBlank() ? t : db.id();
    String apiKey =
        config.get("auth") instanceof Map<?, ?> auth && auth.get("api_key") instanceof String k
            ? secrets.secret(k)
            : null;
    try {
      return new QdrantStore(
          dsn, collection, apiKey, knowledgeBaseId, embedder.model(), embedder.dimension());
    } catch (RuntimeException e) {
      throw new KnowledgeException("vector_db", where + ": " + e.getMessage());
    }
  }
}
