package io.compozy.knowledge;

import org.junit.jupiter.api.Assumptions;

/**
 * The Qdrant store on a real Qdrant, at {@code COMPOZY_TEST_QDRANT_URL} (e.g. {@code
 * http://127.0.0.1:6333}; {@code COMPOZY_TEST_QDRANT_API_KEY} when it asks one). No Qdrant can be
 * installed on the machines this project is built on (no package in Debian, npm or Maven Central):
 * without one these tests are skipped and say so.
 */
class QdrantStoreTest extends VectorStoreContract {
  static final String url = System.getenv("COMPOZY_TEST_QDRANT_URL");
  static final String COLLECTION = "compozy_test_" + Long.toHexString(System.nanoTime());

  @Override
  VectorStore open(String knowledgeBaseId, String model, int dimension) {
    // each test says it was skipped, and why, in the report
    Assumptions.assumeTrue(
        url != null && !url.isBlank(),
        "Qdrant store test skipped: set COMPOZY_TEST_QDRANT_URL to a Qdrant server (none can be"
            + " installed here)");
    return new QdrantStore(
        url,
        COLLECTION,
        System.getenv("COMPOZY_TEST_QDRANT_API_KEY"),
        knowledgeBaseId,
        model,
        dimension);
  }
}
