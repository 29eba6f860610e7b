package io.compozy.support.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The HMAC key of service tokens, derived from the configured secret (HMAC-SHA-256 of a fixed
 * label), so the same secret text used elsewhere never is the token key itself.
 */
final class InternalKey {
  static final int MIN_SECRET_LENGTH = 32;
  private static final byte[] LABEL =
      "compozy internal service token v1".getBytes(StandardCharsets.UTF_8);

  private InternalKey() {}

  static SecretKey from(@Nullable String secret) {
    if (secret == null || secret.isBlank()) {
      throw new MissingInternalSecretException(
          "compozy.internal.secret (COMPOZY_INTERNAL_SECRET) is not set: the gateway and every"
              + " service need the same secret of at least "
              + MIN_SECRET_LENGTH
              + " characters to trust each other's calls");
    }
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new MissingInternalSecretException(
          "compozy.internal.secret (COMPOZY_INTERNAL_SECRET) is shorter than "
              + MIN_SECRET_LENGTH
              + " characters");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return new SecretKeySpec(mac.doFinal(LABEL), "HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** A start-up refusal: the message is the whole story. */
  static final class MissingInternalSecretException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MissingInternalSecretException(String message) {
      super(message);
    }
  }
}
