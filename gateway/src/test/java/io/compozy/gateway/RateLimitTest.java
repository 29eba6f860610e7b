package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.compozy.infra.embedded.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Token buckets in Redis: per key, per route override, per IP when anonymous; busy ones leased. */
class RateLimitTest extends GatewayTestBase {

  @Autowired ReactiveStringRedisTemplate redis;

  @Test
  void aBusyKeysTokensAreLeasedSoRedisIsNotAskedOnEveryRequest() throws Exception {
    Map<String, Object> created = createKey(200, 10_000);
    List<String> remaining = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      var ok = as((String) created.get("key"), "GET", "/api/v0/workflows", null);
      assertThat(ok.statusCode()).isEqualTo(200);
      remaining.add(ok.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    }
    assertThat(remaining).containsExactly("9999", "9998", "9997", "9996", "9995");
    // one lease of a tenth of a second's worth (20 tokens at 200/s) was taken from the bucket, once
    Object inRedis =
        redis.opsForHash().get("compozy:ratelimit:key:" + created.get("id"), "tokens").block();
    assertThat(inRedis).isEqualTo("9980");
  }

  @Test
  void aBusyKeysNextLeaseIsAskedForBeforeTheRunningOneIsUsedUp() throws Exception {
    Map<String, Object> created = createKey(200, 10_000);
    String key = (String) created.get("key");
    String bucket = "compozy:ratelimit:key:" + created.get("id");
    assertThat(as(key, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(200);
    Object firstAsked = redis.opsForHash().get(bucket, "ts").block();
    // the first request leased 20 tokens and kept 19; the 11th leaves 9, under half a lease (the
    // threshold itself: LocalLeaseTest)
    for (int i = 0; i < 10; i++) {
      assertThat(as(key, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(200);
    }
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(redis.opsForHash().get(bucket, "ts").block())
                    .as("asked again in the background")
                    .isNotEqualTo(firstAsked));
    var next = as(key, "GET", "/api/v0/workflows", null);
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(Long.parseLong(next.headers().firstValue("X-RateLimit-Remaining").orElseThrow()))
        .as("never above the limit")
        .isBetween(9940L, 10_000L);
  }

  @Test
  void afterTheBurstComes429WithHeaders() throws Exception {
    String key = keyWithLimit(0.2, 3);
    for (int i = 0; i < 3; i++) {
      var ok = as(key, "GET", "/api/v0/workflows", null);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("X-RateLimit-Limit")).contains("3");
      assertThat(ok.headers().firstValue("X-RateLimit-Remaining"))
          .contains(Integer.toString(2 - i));
      assertThat(Long.parseLong(ok.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
          .isBetween(1L, 16L);
    }
    var refused = as(key, "GET", "/api/v0/workflows", null);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(json(refused)).containsEntry("code", "rate_limited");
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).contains("0");
    assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 5L);
  }

  @Test
  void eachKeyHasItsOwnBucket() throws Exception {
    String first = keyWithLimit(0.2, 2);
    String second = keyWithLimit(0.2, 2);
    as(first, "GET", "/api/v0/workflows", null);
    as(first, "GET", "/api/v0/workflows", null);
    assertThat(as(first, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(429);
    assertThat(as(second, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aRouteOverrideHasItsOwnBucket() throws Exception {
    String key = userKey("read");
    // /api/v0/schedules/** is limited to a burst of 2 per key (the scheduler itself is down: 503)
    assertThat(as(key, "GET", "/api/v0/schedules/a", null).statusCode()).isEqualTo(503);
    var second = as(key, "GET", "/api/v0/schedules/b", null);
    assertThat(second.headers().firstValue("X-RateLimit-Limit")).contains("2");
    assertThat(as(key, "GET", "/api/v0/schedules/c", null).statusCode()).isEqualTo(429);
    var elsewhere = as(key, "GET", "/api/v0/workflows", null);
    assertThat(elsewhere.statusCode()).isEqualTo(200);
    assertThat(elsewhere.headers().firstValue("X-RateLimit-Limit")).contains("1000");
  }

  @Test
  void unauthenticatedRoutesAreLimitedPerClientIp() throws Exception {
    int refused = 0;
    for (int i = 0; i < 6; i++) {
      var r = send("POST", "/api/v0/hooks/some-hook", "{}");
      assertThat(r.headers().firstValue("X-RateLimit-Limit")).contains("4");
      if (r.statusCode() == 429) {
        refused++;
      }
    }
    assertThat(refused).isGreaterThanOrEqualTo(2);
  }

  /**
   * Fail-open means no refusal caused by the outage and no wait beyond the timeout: calls that
   * Redis runs after it comes back, long after their requests went on, take no tokens.
   */
  @Test
  void whileRedisIsPausedRequestsPassWithinTheTimeoutAndItsReturnRefusesNoOne() throws Exception {
    String key = keyWithLimit(0.5, 6);
    assertThat(as(key, "GET", "/api/v0/workflows", null).statusCode())
        .isEqualTo(200); // the key is known, the clocks compared
    Thread.sleep(300);
    assertThat(as(key, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(200);
    var infra = TestInfrastructure.shared();
    infra.pauseRedis();
    try {
      for (int i = 0; i < 12; i++) {
        long t0 = System.nanoTime();
        var r = as(key, "GET", "/api/v0/workflows", null);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).as("request %d while Redis is paused", i).isEqualTo(200);
        assertThat(ms).as("request %d took %d ms", i, ms).isLessThan(1_000);
      }
    } finally {
      infra.resumeRedis();
    }
    Thread.sleep(500); // Redis runs the twelve calls it was sent meanwhile
    for (int i = 0; i < 3; i++) {
      var r = as(key, "GET", "/api/v0/workflows", null);
      assertThat(r.statusCode())
          .as("request %d after Redis came back: %s", i, r.body())
          .isEqualTo(200);
    }
  }

  @Test
  void theProbesAreNeverLimited() throws Exception {
    for (int i = 0; i < 60; i++) {
      assertThat(send("GET", "/readyz", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void publicReadsAreLimitedPerClientAddressAndHealthIsNotCheckedAgainOnEachCall()
      throws Exception {
    int probesBefore = HeaderEchoServer.calls("/actuator/health/readiness");
    int refused = 0;
    for (int i = 0; i < 100; i++) {
      var r = send("GET", "/api/v0/health", null);
      assertThat(r.headers().firstValue("X-RateLimit-Limit")).contains("40");
      if (r.statusCode() == 429) {
        refused++;
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
      }
    }
    assertThat(refused).isGreaterThanOrEqualTo(5);
    // the registry's readiness (the echo server) was asked about once a second, not once per answer
    assertThat(HeaderEchoServer.calls("/actuator/health/readiness") - probesBefore)
        .isBetween(1, 10);
  }
}
