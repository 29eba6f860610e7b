package io.compozy.contracts.dsl;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a webhook proves a delivery came from its sender: not at all, an HMAC-SHA256 of the body
 * (GitHub's form too), or Stripe's signed timestamp. The definition keeps the name as written
 * ({@code verify.strategy}) so that the checks can report it with every other problem at once.
 */
public enum WebhookVerification {
  NONE("X-Signature"),
  HMAC("X-Signature"),
  GITHUB("X-Hub-Signature-256"),
  STRIPE("Stripe-Signature");

  private final String defaultHeader;

  WebhookVerification(String defaultHeader) {
    this.defaultHeader = defaultHeader;
  }

  /** The header the signature is read from when the definition names none. */
  public String defaultHeader() {
    return defaultHeader;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The strategy a name says ({@code none} when no name is given). */
  public static Optional<WebhookVerification> parse(
      @org.jspecify.annotations.Nullable String name) {
    if (name == null) {
      return Optional.of(NONE);
    }
    return Arrays.stream(values()).filter(v -> v.wireName().equals(name)).findFirst();
  }

  /** The names, for a message: {@code none, hmac, github, stripe}. */
  public static String names() {
    return Arrays.stream(values())
        .map(WebhookVerification::wireName)
        .collect(Collectors.joining(", "));
  }
}
