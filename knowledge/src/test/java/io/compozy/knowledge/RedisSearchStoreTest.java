package io.compozy.knowledge;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis store on a real Redis with its search engine, at {@code COMPOZY_TEST_REDIS_SEARCH_URL}
 * (e.g. {@code redis://127.0.0.1:6379}: Redis 8, Redis Stack, or Redis with the RediSearch module).
 * None can be installed on the machines this project is built on (Debian has Redis 7.0 without the
 * module, npm and Maven Central none): without one these tests are skipped and say so. What a Redis
 * without the engine answers is tested on the platform's own Redis (execution-service).
 */
class RedisSearchStoreTest extends VectorStoreContract {
  static final String url = System.getenv("COMPOZY_TEST_REDIS_SEARCH_URL");
  static final String PREFIX = "compozy_test_" + Long.toHexString(System.nanoTime());
  static RedisClient client;
  static StatefulRedisConnection<String, byte[]> connection;

  @Override
  VectorStore open(String knowledgeBaseId, String model, int dimension) {
    Assumptions.assumeTrue(
        url != null && !url.isBlank(),
        "Redis store test skipped: set COMPOZY_TEST_REDIS_SEARCH_URL to a Redis with its search"
            + " engine (none can be installed here)");
    if (connection == null) {
      client = RedisClient.create(url);
      connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }
    return new RedisSearchStore(connection, PREFIX, knowledgeBaseId, model, dimension);
  }

  @AfterAll
  static void close() {
    if (client != null) {
      connection.close();
      client.shutdown();
    }
  }
}
