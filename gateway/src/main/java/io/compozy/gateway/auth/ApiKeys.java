package io.compozy.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * API key material: keys are {@code cpzy_} + 32 random bytes (base64url); only their HMAC-SHA-256
 * under the server secret is stored, with a short prefix to show users which key is which.
 */
public final class ApiKeys {
  public static final String PREFIX = "cpzy_";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern KEY_BODY = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** One initialized MAC per thread: looking up and keying a Mac cost more than the hash itself. */
  private final ThreadLocal<Mac> macs;

  public ApiKeys(String serverSecret) {
    SecretKeySpec secret =
        new SecretKeySpec(serverSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(secret);
                return mac;
              } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
              }
            });
  }

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Well-formed means the shape of a key we issue; anything else cannot be a key. */
  public static boolean isWellFormed(String key) {
    return key.startsWith(PREFIX)
        && key.length() == PREFIX.length() + 43
        && KEY_BODY.matcher(key).region(PREFIX.length(), key.length()).matches();
  }

  public static String displayPrefix(String key) {
    return key.substring(0, PREFIX.length() + 6);
  }

  public byte[] hash(String key) {
    // doFinal resets the MAC for the next use on this thread
    return macs.get().doFinal(key.getBytes(StandardCharsets.UTF_8));
  }
}
