package io.compozy.execution.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.WebhookVerification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Webhook signatures: valid, invalid and stale, for each strategy. */
class SignaturesTest {
  static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
  static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  static final Duration TOLERANCE = Duration.ofMinutes(5);

  @Test
  void hmacAndGithubCompareTheBodysHmac() {
    String sig = Signatures.hex("s3cret", BODY);
    assertThat(Signatures.check(WebhookVerification.HMAC, "s3cret", sig, BODY, NOW, TOLERANCE))
        .isNull();
    assertThat(
            Signatures.check(
                WebhookVerification.GITHUB, "s3cret", "sha256=" + sig, BODY, NOW, TOLERANCE))
        .isNull();
    assertThat(
            Signatures.check(
                WebhookVerification.GITHUB,
                "s3cret",
                "sha256=" + sig.toUpperCase(),
                BODY,
                NOW,
                TOLERANCE))
        .isNull();
    assertThat(
            Signatures.check(
                WebhookVerification.GITHUB, "other", "sha256=" + sig, BODY, NOW, TOLERANCE))
        .isEqualTo("the signature does not match");
    assertThat(
            Signatures.check(
                WebhookVerification.GITHUB,
                "s3cret",
                "sha256=" + sig,
                "{}".getBytes(),
                NOW,
                TOLERANCE))
        .isEqualTo("the signature does not match");
    assertThat(Signatures.check(WebhookVerification.HMAC, "s3cret", null, BODY, NOW, TOLERANCE))
        .isEqualTo("the signature header is missing");
  }

  @Test
  void stripeSignsTheTimestampAndBodyWithinATolerance() {
    long t = NOW.getEpochSecond() - 60;
    String v1 =
        Signatures.hex(
            "whsec",
            (t + "." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    assertThat(
            Signatures.check(
                WebhookVerification.STRIPE, "whsec", "t=" + t + ",v1=" + v1, BODY, NOW, TOLERANCE))
        .isNull();
    assertThat(
            Signatures.check(
                WebhookVerification.STRIPE,
                "whsec",
                "t=" + t + ",v1=deadbeef,v1=" + v1,
                BODY,
                NOW,
                TOLERANCE))
        .isNull();
    assertThat(
            Signatures.check(
                WebhookVerification.STRIPE,
                "whsec",
                "t=" + t + ",v1=deadbeef",
                BODY,
                NOW,
                TOLERANCE))
        .isEqualTo("the signature does not match");
    long stale = NOW.getEpochSecond() - 600;
    String staleSig =
        Signatures.hex(
            "whsec",
            (stale + "." + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    assertThat(
            Signatures.check(
                WebhookVerification.STRIPE,
                "whsec",
                "t=" + stale + ",v1=" + staleSig,
                BODY,
                NOW,
                TOLERANCE))
        .contains("outside the tolerance");
    assertThat(
            Signatures.check(WebhookVerification.STRIPE, "whsec", "v1=" + v1, BODY, NOW, TOLERANCE))
        .contains("needs t= and v1=");
  }

  @Test
  void noneAcceptsAndAnUnknownStrategyIsNoStrategy() {
    assertThat(Signatures.check(WebhookVerification.NONE, "", null, BODY, NOW, TOLERANCE)).isNull();
    assertThat(WebhookVerification.parse("carrier-pigeon")).isEmpty();
    assertThat(WebhookVerification.parse(null)).contains(WebhookVerification.NONE);
    assertThat(WebhookVerification.parse("github").orElseThrow().defaultHeader())
        .isEqualTo("X-Hub-Signature-256");
  }
}
