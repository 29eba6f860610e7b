package io.compozy.execution.hook;

import io.compozy.contracts.dsl.WebhookVerification;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Webhook signature checks, with no I/O: {@code hmac} (hex HMAC-SHA256 of the body in a configured
 * header, an optional {@code sha256=} prefix allowed), {@code github} ({@code X-Hub-Signature-256:
 * sha256=<hex>}) and {@code stripe} ({@code Stripe-Signature: t=<unix>,v1=<hex>} over {@code
 * <t>.<body>}, within a tolerance of the time). Comparisons take constant time.
 */
final class Signatures {
  private Signatures() {}

  /** Why a request is refused, or null when it passes. */
  static @Nullable String check(
      WebhookVerification strategy,
      String secret,
      @Nullable String header,
      byte[] body,
      Instant now,
      Duration tolerance) {
    return switch (strategy) {
      case NONE -> null;
      case HMAC, GITHUB -> {
        if (header == null || header.isBlank()) {
          yield "the signature header is missing";
        }
        String given = header.startsWith("sha256=") ? header.substring(7) : header;
        yield equal(given, hex(secret, body)) ? null : "the signature does not match";
      }
      case STRIPE -> stripe(secret, header, body, now, tolerance);
    };
  }

  private static @Nullable String stripe(
      String secret, @Nullable String header, byte[] body, Instant now, Duration tolerance) {
    if (header == null || header.isBlank()) {
      return "the Stripe-Signature header is missing";
    }
    String t = null;
    List<String> v1 = new ArrayList<>();
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length == 2 && kv[0].equals("t")) {
        t = kv[1];
      } else if (kv.length == 2 && kv[0].equals("v1")) {
        v1.add(kv[1]);
      }
    }
    if (t == null || v1.isEmpty()) {
      return "the Stripe-Signature header needs t= and v1=";
    }
    long seconds;
    try {
      seconds = Long.parseLong(t);
    } catch (NumberFormatException e) {
      return "the Stripe-Signature timestamp is not a number";
    }
    if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(tolerance) > 0) {
      return "the Stripe-Signature timestamp is outside the tolerance of "
          + tolerance.toSeconds()
          + " s";
    }
    byte[] signed =
        (t + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    String expected = hex(secret, signed);
    return v1.stream().anyMatch(s -> equal(s, expected)) ? null : "the signature does not match";
  }

  static String hex(String secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(
        a.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }
}
