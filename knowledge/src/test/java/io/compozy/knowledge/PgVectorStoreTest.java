package io.compozy.knowledge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pgvector store on a real Postgres with the pgvector extension (PGlite, or {@code
 * COMPOZY_TEST_PGVECTOR_URL}).
 */
class PgVectorStoreTest extends VectorStoreContract {
  static PgliteServer postgres;
  static final List<PgVectorStore> opened = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    postgres = PgliteServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    opened.forEach(PgVectorStore::close);
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  VectorStore open(String knowledgeBaseId, String model, int dimension) {
    PgVectorStore store =
        new PgVectorStore(
            postgres.url(), null, null, "kb_chunks", knowledgeBaseId, model, dimension);
    opened.add(store);
    return store;
  }

  @Test
  void aTableNameThatIsNotAPlainNameIsRefused() {
    assertThatThrownBy(
            () ->
                new PgVectorStore(
                    postgres.url(), null, null, "kb; drop table x", "handbook", MODEL.model(), 384))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a plain SQL name");
  }
}
