package io.compozy.execution.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.infra.embedded.Endpoints;
import io.compozy.infra.embedded.TestInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;

/** Memory instances in the real Redis: concurrent appends, limits, redaction, time-to-live, bad payloads. */
class MemoryStoreTest {
  static LettuceConnectionFactory redisA;
  static LettuceConnectionFactory redisB;
  static MemoryStore storeA;
  static MemoryStore storeB;

  @BeforeAll
  static void connect() {
    Endpoints e = TestInfrastructure.shared().endpoints();
    redisA = connection(e);
    redisB = connection(e);
    storeA = new MemoryStore(new ReactiveStringRedisTemplate(redisA));
    storeB = new MemoryStore(new ReactiveStringRedisTemplate(redisB));
  }

  static LettuceConnectionFactory connection(Endpoints e) {
    LettuceConnectionFactory f = new LettuceConnectionFactory(redisOf(e));
    f.afterPropertiesSet();
    f.start();
    return f;
  }

  @AfterAll
  static void close() {
    redisA.destroy();
    redisB.destroy();
  }

  static MemoryDef memory(Integer maxMessages, Integer maxTokens, String ttl, List<String> redact) {
    return new MemoryDef("mem-" + UUID.randomUUID(), null, null, "message_count_based", maxTokens, maxMessages, null,
        ttl == null ? null : new MemoryDef.Persistence("redis", ttl),
        redact.isEmpty() ? null : new MemoryDef.PrivacyPolicy(redact, null), null);
  }

  @Test
  void concurrentAppendsFromTwoExecutionsKeepEveryMessage() {
    MemoryDef m = memory(null, null, null, List.of());
    Flux.merge(
        Flux.range(0, 100).flatMap(i -> storeA.apply(m, "shared", "append", Map.of("role", "user", "content", "a" + i)), 16),
        Flux.range(0, 100).flatMap(i -> storeB.apply(m, "shared", "append", Map.of("role", "assistant", "content", "b" + i)), 16))
        .blockLast();
    List<MemoryMessage> all = storeA.read(m, "shared").block();
    assertThat(all).hasSize(200);
    assertThat(all).extracting(MemoryMessage::content)
        .containsAll(IntStream.range(0, 100).mapToObj(i -> "a" + i).toList())
        .containsAll(IntStream.range(0, 100).mapToObj(i -> "b" + i).toList());
  }

  @Test
  void theOldestMessagesAreFlushedPastMaxMessagesAndMaxTokens() {
    MemoryDef byCount = memory(3, null, null, List.of());
    for (int i = 1; i <= 5; i++) {
      storeA.apply(byCount, "k", "append", "message " + i).block();
    }
    assertThat(storeA.read(byCount, "k").block()).extracting(MemoryMessage::content).containsExactly("message 3", "message 4", "message 5");

    MemoryDef byTokens = memory(null, 6, null, List.of());
    storeA.apply(byTokens, "k", "append", List.of(Map.of("content", "one two three"), Map.of("content", "four five"))).block();
    Object result = storeA.apply(byTokens, "k", "append", Map.of("role", "assistant", "content", "six seven eight")).block();
    assertThat(result).isEqualTo(Map.of("key", "k", "message_count", 2L, "flushed", 1L));
    assertThat(storeA.read(byTokens, "k").block()).extracting(MemoryMessage::content).containsExactly("four five", "six seven eight");
  }

  @Test
  void redactionHappensBeforeStoringAndTheTtlIsSet() {
    MemoryDef m = memory(null, null, "1h", List.of("\\b\\d{4}-\\d{4}-\\d{4}-\\d{4}\\b", "(?i)password: \\S+"));
    storeA.apply(m, "k", "write", "card 1234-5678-9012-3456 and Password: hunter2 please").block();
    assertThat(storeA.read(m, "k").block()).singleElement()
        .satisfies(msg -> assertThat(msg.content()).isEqualTo("card [REDACTED] and [REDACTED] please"));
    @SuppressWarnings("unchecked")
    Map<String, Object> stats = (Map<String, Object>) storeA.apply(m, "k", "stats", null).block();
    assertThat(stats).containsEntry("message_count", 1).containsEntry("token_count", 5L);
    assertThat(((Number) stats.get("ttl_seconds")).longValue()).isBetween(3500L, 3600L);
  }

  @Test
  void messagesOfNonPersistableTypesAreNeverStored() {
    MemoryDef m = new MemoryDef("mem-" + UUID.randomUUID(), null, null, "message_count_based", null, null, null, null,
        new MemoryDef.PrivacyPolicy(null, null, List.of("system", "tool")), null);
    storeA.apply(m, "k", "append", List.of(Map.of("role", "system", "content", "you are a bot"), Map.of("role", "user", "content", "hi"),
        Map.of("role", "tool", "content", "{}"), Map.of("role", "assistant", "content", "hello"))).block();
    assertThat(storeA.read(m, "k").block()).extracting(MemoryMessage::role).containsExactly("user", "assistant");
  }

  @Test
  void writeReplacesAndClearRemoves() {
    MemoryDef m = memory(null, null, null, List.of());
    storeA.apply(m, "k", "append", "old").block();
    storeA.apply(m, "k", "write", List.of(Map.of("role", "system", "content", "fresh"))).block();
    assertThat(storeA.apply(m, "k", "read", null).block()).isEqualTo(List.of(Map.of("role", "system", "content", "fresh")));
    assertThat(storeA.apply(m, "k", "clear", null).block()).isEqualTo(Map.of("key", "k", "deleted", true));
    assertThat(storeA.read(m, "k").block()).isEmpty();
  }

  @Test
  void badPayloadsNameTheField() {
    MemoryDef m = memory(null, null, null, List.of());
    assertThatThrownBy(() -> storeA.apply(m, "k", "append", Map.of("role", "robot", "content", "x")).block())
        .isInstanceOfSatisfying(MemoryException.class, e -> assertThat(e.pointer()).isEqualTo("/messages/0/role"));
    assertThatThrownBy(() -> storeA.apply(m, "k", "append", List.of(Map.of("text", "x"))).block())
        .isInstanceOfSatisfying(MemoryException.class, e -> assertThat(e.pointer()).isEqualTo("/messages/0"));
    assertThatThrownBy(() -> storeA.apply(m, "k", "append", null).block())
        .isInstanceOfSatisfying(MemoryException.class, e -> assertThat(e.pointer()).isEqualTo("/messages"));
    assertThatThrownBy(() -> storeA.apply(m, "k", "teleport", null).block()).hasMessageContaining("not one of");
    assertThatThrownBy(() -> storeA.apply(m, " ", "read", null).block())
        .isInstanceOfSatisfying(MemoryException.class, e -> assertThat(e.pointer()).isEqualTo("/key"));
    MemoryDef summarize = new MemoryDef("s", null, null, null, null, null, Map.of("type", "summarize"), null, null, null);
    assertThatThrownBy(() -> storeA.apply(summarize, "k", "append", "x").block()).hasMessageContaining("summarize");
  }

  static org.springframework.data.redis.connection.RedisStandaloneConfiguration redisOf(Endpoints e) {
    var config = new org.springframework.data.redis.connection.RedisStandaloneConfiguration(e.redisHost(), e.redisPort());
    config.setPassword(e.redisPassword());
    return config;
  }
}
