package io.compozy.contracts.template;

import static io.compozy.contracts.template.GoFunction.Param.ANY;
import static io.compozy.contracts.template.GoFunction.Param.MAP;
import static io.compozy.contracts.template.GoFunction.Param.STRING;

import io.compozy.contracts.template.GoFunction.GoError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.Adler32;

/** Sprig's encodings: base64/base32, JSON, hashes, UUIDs, URLs. */
final class SprigEncodings {
  private SprigEncodings() {}

  static void register(Functions.Table t) {
    t.fn(
        "b64enc", a -> Base64.getEncoder().encodeToString(SprigStrings.bytes(a.string(0))), STRING);
    t.fn("b64dec", a -> base64(a.string(0)), STRING);
    t.fn("b32enc", a -> base32(SprigStrings.bytes(a.string(0))), STRING);
    t.fn("b32dec", a -> base32Decode(a.string(0)), STRING);
    t.fn("toJson", a -> quietly(() -> GoJson.marshal(a.get(0), true, null)), ANY);
    t.fn("mustToJson", a -> GoJson.marshal(a.get(0), true, null), ANY);
    t.fn("toPrettyJson", a -> quietly(() -> GoJson.marshal(a.get(0), true, "  ")), ANY);
    t.fn("mustToPrettyJson", a -> GoJson.marshal(a.get(0), true, "  "), ANY);
    t.fn("toRawJson", a -> GoJson.marshal(a.get(0), false, null), ANY);
    t.fn("mustToRawJson", a -> GoJson.marshal(a.get(0), false, null), ANY);
    t.fn(
        "fromJson",
        a -> {
          try {
            return GoJson.unmarshal(a.string(0));
          } catch (GoError bad) {
            return null;
          }
        },
        STRING);
    t.fn("mustFromJson", a -> GoJson.unmarshal(a.string(0)), STRING);
    t.fn("sha1sum", a -> hex("SHA-1", a.string(0)), STRING);
    t.fn("sha256sum", a -> hex("SHA-256", a.string(0)), STRING);
    t.fn(
        "adler32sum",
        a -> {
          Adler32 sum = new Adler32();
          sum.update(SprigStrings.bytes(a.string(0)));
          return Long.toString(sum.getValue());
        },
        STRING);
    t.fn("uuidv4", a -> UUID.randomUUID().toString());
    t.fn("urlParse", a -> GoUrl.parse(a.string(0)).toDict(), STRING);
    t.fn("urlJoin", a -> GoUrl.join(a.map(0)), MAP);
  }

  private static String quietly(Supplier<String> s) {
    try {
      return s.get();
    } catch (GoError unsupported) {
      return "";
    }
  }

  private static String hex(String algorithm, String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance(algorithm).digest(SprigStrings.bytes(s)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String B64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final String B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  /**
   * base64.StdEncoding.DecodeString; a bad input gives Go's error text as the result, as Sprig
   * does.
   */
  private static String base64(String s) {
    try {
      return new String(decode(s, B64, 4, 6), StandardCharsets.UTF_8);
    } catch (GoError bad) {
      return "illegal base64 data at input byte " + bad.getMessage();
    }
  }

  private static String base32Decode(String s) {
    try {
      return new String(decode(s, B32, 8, 5), StandardCharsets.UTF_8);
    } catch (GoError bad) {
      return "illegal base32 data at input byte " + bad.getMessage();
    }
  }

  /** Go's quantum decoder for padded encodings; a failure carries the offending byte offset. */
  private static byte[] decode(String text, String alphabet, int quantum, int bits) {
    byte[] src = text.getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int si = 0;
    while (si < src.length) {
      int[] dbuf = new int[quantum];
      int dlen = quantum;
      boolean end = false;
      for (int j = 0; j < quantum; j++) {
        if (si == src.length) {
          if (j == 0) {
            return out.toByteArray();
          }
          throw new GoError(Integer.toString(si - j));
        }
        char in = (char) (src[si] & 0xff);
        si++;
        int v = alphabet.indexOf(in);
        if (v >= 0) {
          dbuf[j] = v;
          continue;
        }
        if (in == '\n' || in == '\r') {
          j--;
          continue;
        }
        if (in != '=') {
          throw new GoError(Integer.toString(si - 1));
        }
        // padding: the rest of the quantum must be '=' and nothing may follow
        if (quantum == 4) {
          switch (j) {
            case 0, 1 -> throw new GoError(Integer.toString(si - 1));
            case 2 -> {
              while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
                si++;
              }
              if (si == src.length) {
                throw new GoError(Integer.toString(src.length));
              }
              if (src[si] != '=') {
                throw new GoError(Integer.toString(si - 1));
              }
              si++;
            }
            default -> {}
          }
        } else {
          if (j == 0 || j == 1 || j == 3 || j == 6) {
            throw new GoError(Integer.toString(si - 1));
          }
          for (int k = j + 1; k < quantum; k++) {
            while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
              si++;
            }
            if (si >= src.length || src[si] != '=') {
              throw new GoError(Integer.toString(si >= src.length ? src.length : si));
            }
            si++;
          }
        }
        while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
          si++;
        }
        if (si < src.length) {
          throw new GoError(Integer.toString(si));
        }
        dlen = j;
        end = true;
        break;
      }
      long val = 0;
      for (int k = 0; k < quantum; k++) {
        val = val << bits | (k < dlen ? dbuf[k] : 0);
      }
      int bytes = dlen * bits / 8;
      int total = quantum * bits / 8;
      for (int k = 0; k < bytes; k++) {
        out.write((int) (val >> (8 * (total - 1 - k))) & 0xff);
      }
      if (end) {
        break;
      }
    }
    return out.toByteArray();
  }

  private static String base32(byte[] data) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < data.length; i += 5) {
      long val = 0;
      int n = Math.min(5, data.length - i);
      for (int k = 0; k < 5; k++) {
        val = val << 8 | (k < n ? data[i + k] & 0xff : 0);
      }
      int chars = (n * 8 + 4) / 5;
      for (int k = 0; k < 8; k++) {
        b.append(k < chars ? B32.charAt((int) (val >> (35 - 5 * k)) & 31) : '=');
      }
    }
    return b.toString();
  }
}
