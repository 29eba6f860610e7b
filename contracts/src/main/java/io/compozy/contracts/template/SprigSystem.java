package io.compozy.contracts.template;

import static io.compozy.contracts.template.GoFunction.Param.ANY;
import static io.compozy.contracts.template.GoFunction.Param.BOOL;
import static io.compozy.contracts.template.GoFunction.Param.INT;
import static io.compozy.contracts.template.GoFunction.Param.STRING;
import static io.compozy.contracts.template.GoFunction.Param.UINT32;

import io.compozy.contracts.template.GoFunction.GoError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.SCrypt;
import org.jspecify.annotations.Nullable;

/**
 * Sprig's defaults, reflection, paths, semver, failure, environment, network and crypto functions.
 *
 * <p>Policy for what reaches the host: {@code env} and {@code expandenv} read the variables the
 * project gives the rendering ({@code .env}: project, workflow and task {@code env}), never the
 * platform process's environment, which holds its own secrets. {@code getHostByName} and the key
 * and certificate generators ({@link #UNAVAILABLE}) run but fail with the reason.
 */
final class SprigSystem {
  private SprigSystem() {}

  private static final SecureRandom RANDOM = new SecureRandom();

  static final Map<String, String> UNAVAILABLE =
      Map.of(
          "getHostByName",
              "templates here do not resolve host names (a template must not probe the network it"
                  + " runs in)",
          "genPrivateKey", "templates here do not generate keys or certificates",
          "buildCustomCert", "templates here do not generate keys or certificates",
          "genCA", "templates here do not generate keys or certificates",
          "genCAWithKey", "templates here do not generate keys or certificates",
          "genSelfSignedCert", "templates here do not generate keys or certificates",
          "genSelfSignedCertWithKey", "templates here do not generate keys or certificates",
          "genSignedCert", "templates here do not generate keys or certificates",
          "genSignedCertWithKey", "templates here do not generate keys or certificates");

  static void register(Functions.Table t) {
    // defaults
    t.variadic(
        "default", a -> a.size() < 2 || Cast.empty(a.get(1)) ? a.get(0) : a.get(1), ANY, ANY);
    t.fn("empty", a -> Cast.empty(a.get(0)), ANY);
    t.variadic(
        "coalesce",
        a -> {
          for (Object v : a.values()) {
            if (!Cast.empty(v)) {
              return v;
            }
          }
          return null;
        },
        ANY);
    t.variadic("all", a -> a.values().stream().noneMatch(Cast::empty), ANY);
    t.variadic("any", a -> a.values().stream().anyMatch(v -> !Cast.empty(v)), ANY);
    t.fn("ternary", a -> a.bool(2) ? a.get(0) : a.get(1), ANY, ANY, BOOL);
    t.fn(
        "fail",
        a -> {
          throw new GoError(a.string(0));
        },
        STRING);
    // reflection
    t.fn("typeOf", a -> GoValues.typeName(a.get(0)), ANY);
    t.fn("typeIs", a -> a.string(0).equals(GoValues.typeName(a.get(1))), STRING, ANY);
    t.fn(
        "typeIsLike",
        a -> {
          String type = GoValues.typeName(a.get(1));
          return a.string(0).equals(type) || ("*" + a.string(0)).equals(type);
        },
        STRING,
        ANY);
    t.fn("kindOf", a -> GoValues.kindName(a.get(0)), ANY);
    t.fn("kindIs", a -> a.string(0).equals(GoValues.kindName(a.get(1))), STRING, ANY);
    t.fn("deepEqual", a -> Cast.deepEqual(a.get(0), a.get(1)), ANY, ANY);
    // paths (path and path/filepath agree on Linux)
    for (String prefix : List.of("", "os")) {
      t.fn(name(prefix, "base"), a -> GoPath.base(a.string(0)), STRING);
      t.fn(name(prefix, "dir"), a -> GoPath.dir(a.string(0)), STRING);
      t.fn(name(prefix, "clean"), a -> GoPath.clean(a.string(0)), STRING);
      t.fn(name(prefix, "ext"), a -> GoPath.ext(a.string(0)), STRING);
      t.fn(name(prefix, "isAbs"), a -> a.string(0).startsWith("/"), STRING);
    }
    // semantic versions
    t.fn("semver", a -> Semver.parse(a.string(0)), STRING);
    t.fn("semverCompare", a -> Semver.check(a.string(0), a.string(1)), STRING, STRING);
    // environment: the project's variables only
    t.fn("env", a -> env(a.root(), a.string(0)), STRING);
    t.fn("expandenv", a -> expand(a.string(0), name -> env(a.root(), name)), STRING);
    // crypto
    t.fn("bcrypt", a -> bcrypt(a.string(0)), STRING);
    t.fn(
        "htpasswd",
        a ->
            a.string(0).contains(":")
                ? "invalid username: " + a.string(0)
                : a.string(0) + ":" + bcrypt(a.string(1)),
        STRING,
        STRING);
    t.fn(
        "derivePassword",
        a -> derivePassword(a.integer(0), a.string(1), a.string(2), a.string(3), a.string(4)),
        UINT32,
        STRING,
        STRING,
        STRING,
        STRING);
    t.fn("encryptAES", a -> encryptAES(a.string(0), a.string(1)), STRING, STRING);
    t.fn("decryptAES", a -> decryptAES(a.string(0), a.string(1)), STRING, STRING);
    t.fn(
        "randBytes",
        a -> {
          long n = a.integer(0);
          if (n < 0 || n > SprigStrings.MAX_RANDOM) {
            throw new GoError(
                n < 0
                    ? "runtime error: makeslice: len out of range"
                    : "randBytes gives at most " + SprigStrings.MAX_RANDOM + " bytes here");
          }
          byte[] b = new byte[(int) n];
          RANDOM.nextBytes(b);
          return Base64.getEncoder().encodeToString(b);
        },
        INT);
    t.fn("getHostByName", a -> unavailable("getHostByName"), STRING);
    t.fn("genPrivateKey", a -> unavailable("genPrivateKey"), STRING);
    t.variadic("buildCustomCert", a -> unavailable("buildCustomCert"), ANY);
    t.variadic("genCA", a -> unavailable("genCA"), ANY);
    t.variadic("genCAWithKey", a -> unavailable("genCAWithKey"), ANY);
    t.variadic("genSelfSignedCert", a -> unavailable("genSelfSignedCert"), ANY);
    t.variadic("genSelfSignedCertWithKey", a -> unavailable("genSelfSignedCertWithKey"), ANY);
    t.variadic("genSignedCert", a -> unavailable("genSignedCert"), ANY);
    t.variadic("genSignedCertWithKey", a -> unavailable("genSignedCertWithKey"), ANY);
  }

  private static String name(String prefix, String base) {
    return prefix.isEmpty()
        ? base
        : prefix + Character.toUpperCase(base.charAt(0)) + base.substring(1);
  }

  private static Object unavailable(String fn) {
    throw new GoError("not available here: " + UNAVAILABLE.get(fn));
  }

  private static String env(@Nullable Object root, String name) {
    if (root instanceof Map<?, ?> data
        && data.get("env") instanceof Map<?, ?> env
        && env.get(name) != null) {
      return Cast.strval(env.get(name));
    }
    return "";
  }

  /** Go's os.Expand. */
  static String expand(String s, Function<String, String> mapping) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    for (int j = 0; j < s.length(); j++) {
      if (s.charAt(j) == '$' && j + 1 < s.length()) {
        b.append(s, i, j);
        String rest = s.substring(j + 1);
        String name;
        int w;
        if (rest.charAt(0) == '{') {
          if (rest.length() > 2 && isShellSpecial(rest.charAt(1)) && rest.charAt(2) == '}') {
            name = rest.substring(1, 2);
            w = 3;
          } else {
            int close = rest.indexOf('}');
            if (close == 1) {
              name = "";
              w = 2;
            } else if (close < 0) {
              name = "";
              w = 1;
            } else {
              name = rest.substring(1, close);
              w = close + 1;
            }
          }
        } else if (isShellSpecial(rest.charAt(0))) {
          name = rest.substring(0, 1);
          w = 1;
        } else {
          int k = 0;
          while (k < rest.length()
              && (rest.charAt(k) == '_'
                  || Character.isLetterOrDigit(rest.charAt(k)) && rest.charAt(k) < 0x80)) {
            k++;
          }
          name = rest.substring(0, k);
          w = k;
        }
        if (name.isEmpty() && w > 0) {
          // invalid syntax: the characters are dropped
        } else if (name.isEmpty()) {
          b.append('$');
        } else {
          b.append(mapping.apply(name));
        }
        j += w;
        i = j + 1;
      }
    }
    return b.append(s.substring(Math.min(i, s.length()))).toString();
  }

  private static boolean isShellSpecial(char c) {
    return "*#$@!?-".indexOf(c) >= 0 || c >= '0' && c <= '9';
  }

  private static String bcrypt(String input) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] password = input.getBytes(StandardCharsets.UTF_8);
    if (password.length > 72) {
      // Go's bcrypt refuses longer passwords; Sprig then returns the error text
      return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes";
    }
    return OpenBSDBCrypt.generate("2a", password, salt, 10);
  }

  private static final Map<String, List<String>> PASSWORD_TEMPLATES =
      Map.of(
          "maximum", List.of("anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"),
          "long",
              List.of(
                  "CvcvnoCvcvCvcv",
                  "CvcvCvcvnoCvcv",
                  "CvcvCvcvCvcvno",
                  "CvccnoCvcvCvcv",
                  "CvccCvcvnoCvcv",
                  "CvccCvcvCvcvno",
                  "CvcvnoCvccCvcv",
                  "CvcvCvccnoCvcv",
                  "CvcvCvccCvcvno",
                  "CvcvnoCvcvCvcc",
                  "CvcvCvcvnoCvcc",
                  "CvcvCvcvCvccno",
                  "CvccnoCvccCvcv",
                  "CvccCvccnoCvcv",
                  "CvccCvccCvcvno",
                  "CvcvnoCvccCvcc",
                  "CvcvCvccnoCvcc",
                  "CvcvCvccCvccno",
                  "CvccnoCvcvCvcc",
                  "CvccCvcvnoCvcc",
                  "CvccCvcvCvccno"),
          "medium", List.of("CvcnoCvc", "CvcCvcno"),
          "short", List.of("Cvcn"),
          "basic", List.of("aaanaaan", "aannaaan", "aaannaaa"),
          "pin", List.of("nnnn"));

  private static final Map<Character, String> TEMPLATE_CHARACTERS =
      Map.of(
          'V', "AEIOU",
          'C', "BCDFGHJKLMNPQRSTVWXYZ",
          'v', "aeiou",
          'c', "bcdfghjklmnpqrstvwxyz",
          'A', "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
          'a', "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
          'n', "0123456789",
          'o', "@&%?,=[]_:-+*$#!'^~;()/.",
          'x', "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()");

  /**
   * The Master Password algorithm (scrypt, then HMAC-SHA256 over the site), as Sprig implements it.
   */
  private static String derivePassword(
      long counter, String type, String password, String user, String site) {
    List<String> templates = PASSWORD_TEMPLATES.get(type);
    if (templates == null) {
      return "cannot find password template " + type;
    }
    byte[] seed = "com.lyndir.masterpassword".getBytes(StandardCharsets.UTF_8);
    byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream salt = new ByteArrayOutputStream();
    salt.writeBytes(seed);
    salt.writeBytes(ByteBuffer.allocate(4).putInt(userBytes.length).array());
    salt.writeBytes(userBytes);
    byte[] key =
        SCrypt.generate(
            password.getBytes(StandardCharsets.UTF_8), salt.toByteArray(), 32768, 8, 2, 64);
    byte[] siteBytes = site.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.writeBytes(seed);
    message.writeBytes(ByteBuffer.allocate(4).putInt(siteBytes.length).array());
    message.writeBytes(siteBytes);
    message.writeBytes(ByteBuffer.allocate(4).putInt((int) counter).array());
    byte[] hmac;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      hmac = mac.doFinal(message.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new GoError(e.getMessage());
    }
    String template = templates.get((hmac[0] & 0xff) % templates.size());
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < template.length(); i++) {
      String chars = TEMPLATE_CHARACTERS.get(template.charAt(i));
      b.append(chars.charAt((hmac[i + 1] & 0xff) % chars.length()));
    }
    return b.toString();
  }

  private static byte[] aesKey(String password) {
    return Arrays.copyOf(password.getBytes(StandardCharsets.UTF_8), 32);
  }

  private static String encryptAES(String password, String plaintext) {
    if (plaintext.isEmpty()) {
      return "";
    }
    byte[] content = plaintext.getBytes(StandardCharsets.UTF_8);
    int padding = 16 - content.length % 16;
    byte[] padded = Arrays.copyOf(content, content.length + padding);
    Arrays.fill(padded, content.length, padded.length, (byte) padding);
    byte[] iv = new byte[16];
    RANDOM.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey(password), "AES"), new IvParameterSpec(iv));
      byte[] out = Arrays.copyOf(iv, 16 + padded.length);
      System.arraycopy(c.doFinal(padded), 0, out, 16, padded.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new GoError(e.getMessage());
    }
  }

  private static String decryptAES(String password, String crypt64) {
    if (crypt64.isEmpty()) {
      return "";
    }
    byte[] crypt;
    try {
      crypt = Base64.getDecoder().decode(crypt64);
    } catch (IllegalArgumentException e) {
      throw new GoError("illegal base64 data at input byte 0");
    }
    if (crypt.length < 16) {
      throw new GoError(
          "runtime error: slice bounds out of range [:16] with capacity " + crypt.length);
    }
    if ((crypt.length - 16) % 16 != 0 || crypt.length == 16) {
      throw new GoError("crypto/cipher: input not full blocks");
    }
    try {
      Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(aesKey(password), "AES"),
          new IvParameterSpec(crypt, 0, 16));
      byte[] plain = c.doFinal(crypt, 16, crypt.length - 16);
      int pad = plain[plain.length - 1] & 0xff;
      if (pad > plain.length) {
        throw new GoError("runtime error: slice bounds out of range");
      }
      return new String(plain, 0, plain.length - pad, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new GoError(e.getMessage());
    }
  }
}
