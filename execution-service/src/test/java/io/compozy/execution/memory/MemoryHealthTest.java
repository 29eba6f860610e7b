package io.compozy.execution.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.json.Json;
import io.compozy.infra.embedded.Ports;
import io.compozy.support.problem.ApiProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;

/**
 * A Redis that does not answer makes the memory health a 503 with Retry-After, within the deadline.
 */
class MemoryHealthTest {
  @Test
  void aRedisThatIsDownIsA503NotAHang() {
    LettuceConnectionFactory nobody =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration("127.0.0.1", Ports.freeOr(0)),
            LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
    nobody.afterPropertiesSet();
    try {
      MemoryHealth health = new MemoryHealth(new ReactiveStringRedisTemplate(nobody));
      MemoryDef memory =
          Json.MAPPER.convertValue(Map.of("id", "notes", "type", "buffer"), MemoryDef.class);
      long started = System.nanoTime();
      assertThatThrownBy(() -> health.system(List.of(memory)).block(Duration.ofSeconds(20)))
          .isInstanceOfSatisfying(
              ApiProblem.class,
              p -> {
                assertThat(p.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                assertThat(p.properties()).containsKey("retry_after");
                assertThat(p.getMessage()).contains("Redis");
              });
      assertThatThrownBy(() -> health.resource(memory).block(Duration.ofSeconds(20)))
          .isInstanceOf(ApiProblem.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    } finally {
      nobody.destroy();
    }
  }
}
