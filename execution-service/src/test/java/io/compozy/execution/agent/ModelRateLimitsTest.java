package io.compozy.execution.agent;

import static io.compozy.execution.agent.ScriptedOpenAiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.RuntimeSpec;
import io.compozy.infra.embedded.Endpoints;
import io.compozy.infra.embedded.TestInfrastructure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * A model's rate limit binds two worker instances (each its own Redis connection) through the real
 * Redis: concurrency, requests per minute and tokens per minute.
 */
class ModelRateLimitsTest {
  static ScriptedOpenAiServer openai;
  static final List<LettuceConnectionFactory> connections = new ArrayList<>();
  static AgentRunner first;
  static AgentRunner second;

  @BeforeAll
  static void start() throws Exception {
    openai = new ScriptedOpenAiServer();
    Endpoints e = TestInfrastructure.shared().endpoints();
    AgentProperties properties =
        new AgentProperties(0, Duration.ofSeconds(10), 4, 3, null, Map.of(), false, null);
    first = instance(e, properties);
    second = instance(e, properties);
  }

  static AgentRunner instance(Endpoints e, AgentProperties properties) {
    LettuceConnectionFactory redis = new LettuceConnectionFactory(redisOf(e));
    redis.afterPropertiesSet();
    redis.start();
    connections.add(redis);
    ModelRateLimits limits =
        new ModelRateLimits(new ReactiveStringRedisTemplate(redis), Clock.systemUTC());
    ToolCaller noTools =
        (step, tool, callId, input) -> {
          throw new AssertionError("no tools in this test");
        };
    return new AgentRunner(
        new ChatModels(properties),
        noTools,
        null,
        limits,
        null,
        null,
        properties,
        Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    openai.close();
    first.destroy();
    second.destroy();
    connections.forEach(LettuceConnectionFactory::destroy);
  }

  @BeforeEach
  void reset() {
    openai.reset();
  }

  /** A model of its own per test (limits are kept per model), with the given rate_limit. */
  static ModelDef model(Map<String, Object> rateLimit) {
    return new ModelDef(
        null,
        "openai",
        "limited-" + UUID.randomUUID(),
        "sk-test",
        openai.baseUrl(),
        null,
        null,
        null,
        rateLimit);
  }

  static AgentStep step(ModelDef model, Duration deadline) {
    return new AgentStep(
        "step:e/t/1",
        "e",
        "wf",
        "t",
        "e/t/1",
        1,
        "a",
        null,
        null,
        "hi",
        Map.of(),
        null,
        model,
        List.of(),
        new RuntimeSpec("node", Path.of("tools.js").toAbsolutePath().toString()),
        10,
        Instant.now().plus(deadline),
        null,
        null,
        null,
        null);
  }

  @Test
  void concurrencyOneMeansOneCallAtATimeAcrossInstances() {
    openai.delay(300);
    openai.then(text("ok"));
    ModelDef model = model(Map.of("concurrency", 1));
    List<CompletableFuture<AgentOutcome>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add((i % 2 == 0 ? first : second).run(step(model, Duration.ofSeconds(20))));
    }
    assertThat(runs)
        .allSatisfy(r -> assertThat(r.join()).isInstanceOf(AgentOutcome.Succeeded.class));
    assertThat(openai.requests()).hasSize(4);
    assertThat(openai.maxInFlight()).isEqualTo(1);
  }

  @Test
  void withoutALimitCallsOverlap() {
    openai.delay(300);
    openai.then(text("ok"));
    ModelDef model = model(Map.of());
    List<CompletableFuture<AgentOutcome>> runs =
        List.of(
            first.run(step(model, Duration.ofSeconds(20))),
            second.run(step(model, Duration.ofSeconds(20))),
            first.run(step(model, Duration.ofSeconds(20))));
    runs.forEach(CompletableFuture::join);
    assertThat(openai.maxInFlight()).isGreaterThan(1);
  }

  @Test
  void requestsPerMinuteSpanInstancesAndAWaitPastTheDeadlineFailsRetryably() {
    openai.then(text("ok"));
    ModelDef model = model(Map.of("requests_per_minute", 2));
    assertThat(first.run(step(model, Duration.ofSeconds(3))).join())
        .isInstanceOf(AgentOutcome.Succeeded.class);
    assertThat(second.run(step(model, Duration.ofSeconds(3))).join())
        .isInstanceOf(AgentOutcome.Succeeded.class);
    assertThat(first.run(step(model, Duration.ofSeconds(3))).join())
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("rate_limited");
              assertThat(f.error().message()).contains("requests_per_minute");
              assertThat(f.retryable()).isTrue();
            });
    assertThat(openai.requests()).hasSize(2);
  }

  @Test
  void tokensPerMinuteAreChargedAfterEachCall() {
    openai.then(text("ok")); // each answer reports 18 tokens
    ModelDef model = model(Map.of("tokens_per_minute", 20));
    assertThat(first.run(step(model, Duration.ofSeconds(3))).join())
        .isInstanceOf(AgentOutcome.Succeeded.class);
    assertThat(second.run(step(model, Duration.ofSeconds(3))).join())
        .isInstanceOf(AgentOutcome.Succeeded.class);
    assertThat(first.run(step(model, Duration.ofSeconds(3))).join())
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> assertThat(f.error().message()).contains("tokens_per_minute"));
    assertThat(openai.requests()).hasSize(2);
  }

  static RedisStandaloneConfiguration redisOf(Endpoints e) {
    var config = new RedisStandaloneConfiguration(e.redisHost(), e.redisPort());
    config.setPassword(e.redisPassword());
    return config;
  }
}
