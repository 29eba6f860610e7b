package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A vector store (Compozy's {@code vector_dbs}) and its connection settings, kept as written. */
public record VectorDbDef(String id, Type type, @Nullable Map<String, Object> config) {

  /** The stores Compozy documents. {@code filesystem} is the embedded on-disk index here. */
  public enum Type {
    @JsonProperty("filesystem")
    FILESYSTEM,
    @JsonProperty("pgvector")
    PGVECTOR,
    @JsonProperty("qdrant")
    QDRANT,
    @JsonProperty("redis")
    REDIS
  }
}
