package io.compozy.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;

/**
 * Our one writer against Spring Security's own default writers (and its Referrer-Policy writer set
 * to no-referrer), on the same answers: the headers must come out the same, so the replacement
 * (docs/benchmarks.md: six header maps fewer per answer) changes the cost, not the behaviour.
 */
class SecurityHeadersTest {
  private static ServerHttpHeadersWriter springDefaults() {
    ReferrerPolicyServerHttpHeadersWriter referrer = new ReferrerPolicyServerHttpHeadersWriter();
    referrer.setPolicy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.NO_REFERRER);
    return new CompositeServerHttpHeadersWriter(
        new CacheControlServerHttpHeadersWriter(),
        new ContentTypeOptionsServerHttpHeadersWriter(),
        new StrictTransportSecurityServerHttpHeadersWriter(),
        new XFrameOptionsServerHttpHeadersWriter(),
        new XXssProtectionServerHttpHeadersWriter(),
        referrer);
  }

  private static Map<String, List<String>> written(
      ServerHttpHeadersWriter writer,
      String url,
      HttpStatus status,
      Consumer<HttpHeaders> already) {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(url));
    exchange.getResponse().setStatusCode(status);
    already.accept(exchange.getResponse().getHeaders());
    writer.writeHttpHeaders(exchange).block();
    Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getResponse().getHeaders().forEach(out::put);
    return out;
  }

  private static void sameAsSpring(String url, HttpStatus status, Consumer<HttpHeaders> already) {
    assertThat(written(new SecurityHeaders(), url, status, already))
        .as("%s %s", status, url)
        .isEqualTo(written(springDefaults(), url, status, already));
  }

  @Test
  void aPlainAnswerGetsTheSameHeadersAsSpringSecurityWritesThem() {
    sameAsSpring("http://gateway/api/v0/workflows", HttpStatus.OK, h -> {});
    assertThat(written(new SecurityHeaders(), "http://gateway/x", HttpStatus.OK, h -> {}))
        .containsEntry("Referrer-Policy", List.of("no-referrer"))
        .containsEntry("X-Frame-Options", List.of("DENY"))
        .doesNotContainKey("Strict-Transport-Security");
  }

  @Test
  void overHttpsStrictTransportSecurityIsAddedAsSpringAddsIt() {
    sameAsSpring("https://gateway/api/v0/workflows", HttpStatus.OK, h -> {});
  }

  @Test
  void aNotModifiedAnswerGetsNoCachingHeadersAsWithSpring() {
    sameAsSpring("http://gateway/x", HttpStatus.NOT_MODIFIED, h -> {});
  }

  @Test
  void headersTheAnswerAlreadyHasAreKeptAsWithSpring() {
    sameAsSpring(
        "http://gateway/console-assets/app.js",
        HttpStatus.OK,
        h -> {
          h.set(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable");
          h.set("X-Frame-Options", "SAMEORIGIN");
          h.set("Referrer-Policy", "same-origin");
        });
    sameAsSpring("http://gateway/x", HttpStatus.OK, h -> h.set(HttpHeaders.EXPIRES, "0"));
  }
}
