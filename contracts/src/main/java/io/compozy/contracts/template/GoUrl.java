package io.compozy.contracts.template;

import io.compozy.contracts.template.GoFunction.GoError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The parts of Go's net/url that Sprig's urlParse and urlJoin use. */
final class GoUrl {
  String scheme = "";
  String opaque = "";
  @Nullable String user;
  String host = "";
  String path = "";
  String rawQuery = "";
  String fragment = "";
  boolean forceQuery;

  private enum Mode {
    PATH,
    HOST,
    USER,
    QUERY_COMPONENT,
    FRAGMENT
  }

  static GoUrl parse(String raw) {
    GoUrl u = new GoUrl();
    String rest = raw;
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      u.fragment = unescape(rest.substring(hash + 1), Mode.FRAGMENT, raw);
      rest = rest.substring(0, hash);
    }
    for (int i = 0; i < rest.length(); i++) {
      if (rest.charAt(i) < ' ' || rest.charAt(i) == 0x7f) {
        throw new GoError(
            "unable to parse url: parse "
                + GoQuote.quote(raw)
                + ": net/url: invalid control character in URL");
      }
    }
    if (rest.isEmpty()) {
      return u;
    }
    int colon = schemeEnd(rest, raw);
    if (colon > 0) {
      u.scheme = rest.substring(0, colon).toLowerCase(Locale.ROOT);
      rest = rest.substring(colon + 1);
    }
    if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
      u.forceQuery = true;
      rest = rest.substring(0, rest.length() - 1);
    } else {
      int q = rest.indexOf('?');
      if (q >= 0) {
        u.rawQuery = rest.substring(q + 1);
        rest = rest.substring(0, q);
      }
    }
    if (!rest.startsWith("/")) {
      if (!u.scheme.isEmpty()) {
        u.opaque = rest;
        return u;
      }
      int slash = rest.indexOf('/');
      String segment = slash < 0 ? rest : rest.substring(0, slash);
      if (segment.contains(":")) {
        throw new GoError(
            "unable to parse url: parse "
                + GoQuote.quote(raw)
                + ": first path segment in URL cannot contain colon");
      }
    }
    if ((!u.scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
      String authority = rest.substring(2);
      int slash = authority.indexOf('/');
      if (slash >= 0) {
        rest = authority.substring(slash);
        authority = authority.substring(0, slash);
      } else {
        rest = "";
      }
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        u.user = authority.substring(0, at);
        u.host = unescape(authority.substring(at + 1), Mode.HOST, raw);
      } else {
        u.host = unescape(authority, Mode.HOST, raw);
      }
    }
    u.path = unescape(rest, Mode.PATH, raw);
    return u;
  }

  private static int schemeEnd(String s, String raw) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c) && c < 0x80) {
        continue;
      }
      if ((Character.isDigit(c) || c == '+' || c == '-' || c == '.') && i > 0) {
        continue;
      }
      if (c == ':') {
        if (i == 0) {
          throw new GoError(
              "unable to parse url: parse " + GoQuote.quote(raw) + ": missing protocol scheme");
        }
        return i;
      }
      return -1;
    }
    return -1;
  }

  private static String unescape(String s, Mode mode, String raw) {
    if (s.indexOf('%') < 0 && (mode != Mode.QUERY_COMPONENT || s.indexOf('+') < 0)) {
      return s;
    }
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%') {
        if (i + 2 >= in.length
            || Character.digit(in[i + 1], 16) < 0
            || Character.digit(in[i + 2], 16) < 0) {
          String bad = new String(in, i, Math.min(3, in.length - i), StandardCharsets.UTF_8);
          throw new GoError(
              "unable to parse url: parse "
                  + GoQuote.quote(raw)
                  + ": invalid URL escape "
                  + GoQuote.quote(bad));
        }
        out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
        i += 2;
      } else {
        out.write(in[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  Map<String, @Nullable Object> toDict() {
    GoValues.Dict d = new GoValues.Dict();
    d.put("scheme", scheme);
    d.put("host", host);
    d.put("hostname", hostname());
    d.put("path", path);
    d.put("query", rawQuery);
    d.put("opaque", opaque);
    d.put("fragment", fragment);
    d.put("userinfo", user == null ? "" : user);
    return d;
  }

  private String hostname() {
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host.substring(1) : host.substring(1, close);
    }
    int colon = host.lastIndexOf(':');
    return colon >= 0 && host.substring(colon + 1).chars().allMatch(Character::isDigit)
        ? host.substring(0, colon)
        : host;
  }

  static String join(@Nullable Map<String, @Nullable Object> d) {
    GoUrl u = new GoUrl();
    u.scheme = field(d, "scheme");
    u.host = field(d, "host");
    u.path = field(d, "path");
    u.rawQuery = field(d, "query");
    u.opaque = field(d, "opaque");
    u.fragment = field(d, "fragment");
    String userinfo = field(d, "userinfo");
    u.user = userinfo.isEmpty() ? null : userinfo;
    return u.toString();
  }

  private static String field(@Nullable Map<String, @Nullable Object> d, String key) {
    if (d == null || !d.containsKey(key)) {
      return "";
    }
    Object v = d.get(key);
    if (!(v instanceof String s)) {
      throw new GoError(
          "unable to parse "
              + key
              + " key, must be of type string, but "
              + GoValues.kindName(v)
              + " found");
    }
    return s;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (!opaque.isEmpty()) {
      b.append(scheme).append(':').append(opaque);
    } else {
      if (!scheme.isEmpty()) {
        b.append(scheme).append(':');
      }
      if (!scheme.isEmpty() || !host.isEmpty() || user != null) {
        if (!host.isEmpty() || !path.isEmpty() || user != null) {
          b.append("//");
        }
        if (user != null) {
          b.append(user).append('@');
        }
        if (!host.isEmpty()) {
          b.append(escape(host, Mode.HOST));
        }
      }
      String p = escape(path, Mode.PATH);
      if (!p.isEmpty() && p.charAt(0) != '/' && !host.isEmpty()) {
        b.append('/');
      }
      if (b.isEmpty()) {
        int slash = p.indexOf('/');
        if (p.indexOf(':') >= 0 && (slash < 0 || p.indexOf(':') < slash)) {
          b.append("./");
        }
      }
      b.append(p);
    }
    if (forceQuery || !rawQuery.isEmpty()) {
      b.append('?').append(rawQuery);
    }
    if (!fragment.isEmpty()) {
      b.append('#').append(escape(fragment, Mode.FRAGMENT));
    }
    return b.toString();
  }

  private static boolean shouldEscape(int c, Mode mode) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return false;
    }
    if (mode == Mode.HOST) {
      return "!$&'()*+,;=:[]<>\"".indexOf(c) < 0 && "-_.~".indexOf(c) < 0;
    }
    if ("-_.~".indexOf(c) >= 0) {
      return false;
    }
    if ("$&+,/:;=?@".indexOf(c) >= 0) {
      return switch (mode) {
        case PATH -> c == '?';
        case FRAGMENT -> false;
        default -> true;
      };
    }
    if (mode == Mode.FRAGMENT && "!()*".indexOf(c) >= 0) {
      return false;
    }
    return true;
  }

  private static String escape(String s, Mode mode) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c < 0x80 && !shouldEscape(c, mode)) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c));
      }
    }
    return b.toString();
  }
}
