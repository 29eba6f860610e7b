package io.compozy.execution.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.MemoryFlushing;
import io.compozy.contracts.dsl.MemoryOperation;
import io.compozy.contracts.json.Json;
import io.compozy.infra.embedded.Endpoints;
import io.compozy.infra.embedded.TestInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;

/**
 * Memory instances in the real Redis: concurrent appends, limits, redaction, time-to-live, bad
 * payloads.
 */
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
    return new MemoryDef(
        "mem-" + UUID.randomUUID(),
        null,
        null,
        "message_count_based",
        maxTokens,
        maxMessages,
        null,
        ttl == null ? null : new MemoryDef.Persistence("redis", ttl),
        redact.isEmpty() ? null : new MemoryDef.PrivacyPolicy(redact, null),
        null);
  }

  @Test
  void concurrentAppendsFromTwoExecutionsKeepEveryMessage() {
    MemoryDef m = memory(null, null, null, List.of());
    Flux.merge(
            Flux.range(0, 100)
                .flatMap(
                    i ->
                        storeA.apply(
                            m,
                            "shared",
                            MemoryOperation.APPEND,
                            Map.of("role", "user", "content", "a" + i)),
                    16),
            Flux.range(0, 100)
                .flatMap(
                    i ->
                        storeB.apply(
                            m,
                            "shared",
                            MemoryOperation.APPEND,
                            Map.of("role", "assistant", "content", "b" + i)),
                    16))
        .blockLast();
    List<MemoryMessage> all = storeA.read(m, "shared").block();
    assertThat(all).hasSize(200);
    assertThat(all)
        .extracting(MemoryMessage::content)
        .containsAll(IntStream.range(0, 100).mapToObj(i -> "a" + i).toList())
        .containsAll(IntStream.range(0, 100).mapToObj(i -> "b" + i).toList());
  }

  @Test
  void theOldestMessagesAreFlushedPastMaxMessagesAndMaxTokens() {
    MemoryDef byCount = memory(3, null, null, List.of());
    for (int i = 1; i <= 5; i++) {
      storeA.apply(byCount, "k", MemoryOperation.APPEND, "message " + i).block();
    }
    assertThat(storeA.read(byCount, "k").block())
        .extracting(MemoryMessage::content)
        .containsExactly("message 3", "message 4", "message 5");

    MemoryDef byTokens = memory(null, 6, null, List.of());
    storeA
        .apply(
            byTokens,
            "k",
            MemoryOperation.APPEND,
            List.of(Map.of("content", "one two three"), Map.of("content", "four five")))
        .block();
    Object result =
        wire(
            storeA
                .apply(
                    byTokens,
                    "k",
                    MemoryOperation.APPEND,
                    Map.of("role", "assistant", "content", "six seven eight"))
                .block());
    assertThat(result)
        .isEqualTo(
            Map.of(
                "success",
                true,
                "key",
                "k",
                "appended",
                1,
                "total_count",
                2,
                "message_count",
                2,
                "flushed",
                1,
                "summary_generated",
                false));
    assertThat(storeA.read(byTokens, "k").block())
        .extracting(MemoryMessage::content)
        .containsExactly("four five", "six seven eight");
  }

  static MemoryDef summarizing(
      Integer maxMessages, Integer maxTokens, Integer summaryTokens, Double oldestShare) {
    return new MemoryDef(
        "mem-" + UUID.randomUUID(),
        null,
        null,
        "token_based",
        maxTokens,
        maxMessages,
        new MemoryFlushing(MemoryFlushing.Strategy.HYBRID_SUMMARY, 0.8, summaryTokens, oldestShare),
        null,
        null,
        null);
  }

  @Test
  void aSummarisingMemoryReplacesFlushedMessagesWithOneSummaryAsCompozyWrites() {
    MemoryDef m = summarizing(4, null, 30, null);
    for (int i = 1; i <= 4; i++) {
      storeA
          .apply(
              m,
              "k",
              MemoryOperation.APPEND,
              Map.of("role", i % 2 == 1 ? "user" : "assistant", "content", "message " + i))
          .block();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fifth =
        (Map<String, Object>)
            wire(storeA.apply(m, "k", MemoryOperation.APPEND, "message 5").block());
    assertThat(fifth)
        .containsEntry("flushed", 2)
        .containsEntry("summary_generated", true)
        .containsEntry("total_count", 4);
    assertThat(storeA.read(m, "k").block())
        .extracting(MemoryMessage::role, MemoryMessage::content)
        .containsExactly(
            Tuple.tuple(
                "system", "Summary of 2 messages: [user]: message 1 ... [assistant]: message 2"),
            Tuple.tuple("user", "message 3"),
            Tuple.tuple("assistant", "message 4"),
            Tuple.tuple("user", "message 5"));

    // the next flush summarises the summary with what follows it
    storeA.apply(m, "k", MemoryOperation.APPEND, "message 6").block();
    assertThat(storeA.read(m, "k").block().getFirst().content())
        .isEqualTo(
            "Summary of 2 messages: [system]: Summary of 2 messages: [user]: message 1 ..."
                + " [assistant]: message 2 ... [user]: message 3");
  }

  @Test
  void aSummaryKeepsToItsTokenBudgetAndTheLimitsHold() {
    MemoryDef m = summarizing(null, 20, 6, 0.5);
    storeA
        .apply(
            m,
            "k",
            MemoryOperation.APPEND,
            List.of(
                Map.of("content", "alpha beta gamma delta epsilon"),
                Map.of("content", "zeta eta theta iota kappa"),
                Map.of("content", "lambda mu nu xi omicron")))
        .block();
    storeA
        .apply(m, "k", MemoryOperation.APPEND, Map.of("content", "pi rho sigma tau upsilon phi"))
        .block();
    List<MemoryMessage> held = storeA.read(m, "k").block();
    assertThat(held.getFirst().content()).isEqualTo("Summary of 2 messages: [user]: alpha...");
    assertThat(held.getFirst().tokens()).isEqualTo(6);
    assertThat(held.stream().mapToLong(MemoryMessage::tokens).sum()).isLessThanOrEqualTo(20);
    assertThat(held)
        .extracting(MemoryMessage::content)
        .endsWith("lambda mu nu xi omicron", "pi rho sigma tau upsilon phi");
  }

  @Test
  void limitsTooTightForASummaryFlushAsFifo() {
    MemoryDef m = summarizing(1, null, 10, null);
    storeA.apply(m, "k", MemoryOperation.APPEND, "first").block();
    storeA.apply(m, "k", MemoryOperation.APPEND, "second").block();
    assertThat(storeA.read(m, "k").block())
        .extracting(MemoryMessage::content)
        .containsExactly("second");
  }

  @Test
  void flushHealthAndStatsAnswerWithCompozysKeys() {
    MemoryDef m = memory(2, 100, null, List.of());
    storeA
        .apply(
            m,
            "k",
            MemoryOperation.WRITE,
            List.of(Map.of("content", "a b"), Map.of("role", "assistant", "content", "c")))
        .block();
    assertThat(wire(storeA.apply(m, "k", MemoryOperation.FLUSH, null).block()))
        .isEqualTo(
            Map.of(
                "success",
                true,
                "key",
                "k",
                "actual_strategy",
                "simple_fifo",
                "dry_run",
                false,
                "message_count",
                2,
                "flushed",
                0,
                "summary_generated",
                false));
    assertThat(wire(storeA.apply(m, "k", MemoryOperation.HEALTH, null).block()))
        .isEqualTo(
            Map.of(
                "healthy",
                true,
                "key",
                "k",
                "exists",
                true,
                "message_count",
                2,
                "token_count",
                3,
                "current_tokens",
                3,
                "actual_strategy",
                "simple_fifo"));
    @SuppressWarnings("unchecked")
    Map<String, Object> stats =
        (Map<String, Object>) wire(storeA.apply(m, "k", MemoryOperation.STATS, null).block());
    assertThat(stats)
        .containsEntry("token_limit", 100)
        .containsEntry("token_utilization", 0.03)
        .containsEntry("role_distribution", Map.of("assistant", 1, "user", 1));
  }

  @Test
  void redactionHappensBeforeStoringAndTheTtlIsSet() {
    MemoryDef m =
        memory(
            null, null, "1h", List.of("\\b\\d{4}-\\d{4}-\\d{4}-\\d{4}\\b", "(?i)password: \\S+"));
    storeA
        .apply(
            m, "k", MemoryOperation.WRITE, "card 1234-5678-9012-3456 and Password: hunter2 please")
        .block();
    assertThat(storeA.read(m, "k").block())
        .singleElement()
        .satisfies(
            msg -> assertThat(msg.content()).isEqualTo("card [REDACTED] and [REDACTED] please"));
    @SuppressWarnings("unchecked")
    Map<String, Object> stats =
        (Map<String, Object>) wire(storeA.apply(m, "k", MemoryOperation.STATS, null).block());
    assertThat(stats)
        .containsEntry("message_count", 1)
        .containsEntry("token_count", 5)
        .containsEntry("context_window_used", 5)
        .containsEntry("role_distribution", Map.of("user", 1))
        .containsEntry("token_limit", null);
    assertThat(((Number) stats.get("ttl_seconds")).longValue()).isBetween(3500L, 3600L);
  }

  @Test
  void messagesOfNonPersistableTypesAreNeverStored() {
    MemoryDef m =
        new MemoryDef(
            "mem-" + UUID.randomUUID(),
            null,
            null,
            "message_count_based",
            null,
            null,
            null,
            null,
            new MemoryDef.PrivacyPolicy(null, null, List.of("system", "tool")),
            null);
    storeA
        .apply(
            m,
            "k",
            MemoryOperation.APPEND,
            List.of(
                Map.of("role", "system", "content", "you are a bot"),
                Map.of("role", "user", "content", "hi"),
                Map.of("role", "tool", "content", "{}"),
                Map.of("role", "assistant", "content", "hello")))
        .block();
    assertThat(storeA.read(m, "k").block())
        .extracting(MemoryMessage::role)
        .containsExactly("user", "assistant");
  }

  @Test
  void writeReplacesAndClearRemoves() {
    MemoryDef m = memory(null, null, null, List.of());
    storeA.apply(m, "k", MemoryOperation.APPEND, "old").block();
    assertThat(
            wire(
                storeA
                    .apply(
                        m,
                        "k",
                        MemoryOperation.WRITE,
                        List.of(
                            Map.of("role", "system", "content", "fresh"),
                            Map.of("content", "and new")))
                    .block()))
        .isEqualTo(
            Map.of(
                "success",
                true,
                "key",
                "k",
                "count",
                2,
                "message_count",
                2,
                "flushed",
                0,
                "summary_generated",
                false));
    assertThat(wire(storeA.apply(m, "k", MemoryOperation.READ, null).block()))
        .isEqualTo(
            List.of(
                Map.of("role", "system", "content", "fresh"),
                Map.of("role", "user", "content", "and new")));
    assertThat(wire(storeA.apply(m, "k", MemoryOperation.CLEAR, null).block()))
        .isEqualTo(
            Map.of(
                "success",
                true,
                "key",
                "k",
                "deleted",
                true,
                "messages_cleared",
                2,
                "backup_created",
                false));
    assertThat(storeA.read(m, "k").block()).isEmpty();
    assertThat(wire(storeA.apply(m, "k", MemoryOperation.DELETE, null).block()))
        .isEqualTo(Map.of("success", true, "key", "k", "deleted", false));
  }

  @Test
  void badPayloadsNameTheField() {
    MemoryDef m = memory(null, null, null, List.of());
    assertThatThrownBy(
            () ->
                storeA
                    .apply(m, "k", MemoryOperation.APPEND, Map.of("role", "robot", "content", "x"))
                    .block())
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.pointer()).isEqualTo("/messages/0/role"));
    assertThatThrownBy(
            () ->
                storeA.apply(m, "k", MemoryOperation.APPEND, List.of(Map.of("text", "x"))).block())
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.pointer()).isEqualTo("/messages/0"));
    assertThatThrownBy(() -> storeA.apply(m, "k", MemoryOperation.APPEND, null).block())
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.pointer()).isEqualTo("/messages"));
    assertThatThrownBy(() -> storeA.apply(m, " ", MemoryOperation.READ, null).block())
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.pointer()).isEqualTo("/key"));
  }

  static RedisStandaloneConfiguration redisOf(Endpoints e) {
    var config = new RedisStandaloneConfiguration(e.redisHost(), e.redisPort());
    config.setPassword(e.redisPassword());
    return config;
  }

  /** An answer as the API and a memory task's output carry it (JSON, with Compozy's keys). */
  private static Object wire(Object answer) {
    return Json.plain(Json.write(answer));
  }
}
