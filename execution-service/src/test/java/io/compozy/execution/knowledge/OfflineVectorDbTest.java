package io.compozy.execution.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.VectorDbDef;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under the model override a project runs offline (Compozy's knowledge examples declare stores of
 * 1536 dimensions for OpenAI's model): the dimension written for the real embedder is dropped, the
 * rest of the store's settings kept.
 */
class OfflineVectorDbTest {
  @Test
  void theDimensionWrittenForTheRealEmbedderIsDroppedAndTheRestKept() {
    VectorDbDef declared =
        new VectorDbDef(
            "pgvector_local", VectorDbDef.Type.PGVECTOR, Map.of("dimension", 1536, "table", "kb"));
    assertThat(KnowledgeBases.withoutDimension(declared))
        .isEqualTo(
            new VectorDbDef("pgvector_local", VectorDbDef.Type.PGVECTOR, Map.of("table", "kb")));
    VectorDbDef plain = new VectorDbDef("fs", VectorDbDef.Type.FILESYSTEM, null);
    assertThat(KnowledgeBases.withoutDimension(plain)).isSameAs(plain);
    assertThat(KnowledgeBases.withoutDimension(null)).isNull();
  }
}
