package io.compozy.contracts.template;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Go's fmt.Sprintf for the verbs templates use: %s %v %d %f %q %t %x %%, with width and precision. */
final class GoFormat {
  private GoFormat() {}

  static String sprintf(String format, List<@Nullable Object> args) {
    StringBuilder out = new StringBuilder();
    int arg = 0;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      int start = i;
      i++;
      while (i < format.length() && "+-# 0123456789.".indexOf(format.charAt(i)) >= 0) {
        i++;
      }
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = format.charAt(i);
      String flags = format.substring(start + 1, i);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (arg >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      out.append(formatOne(verb, flags, args.get(arg++)));
    }
    if (arg < args.size()) {
      out.append("%!(EXTRA ");
      out.append(String.join(", ", args.subList(arg, args.size()).stream().map(Values::print).toList()));
      out.append(')');
    }
    return out.toString();
  }

  private static String formatOne(char verb, String flags, @Nullable Object v) {
    return switch (verb) {
      case 'v', 's' -> String.format("%" + flags.replace("0", "") + "s", Values.print(v));
      case 'd' -> v instanceof Number n ? String.format("%" + flags + "d", n.longValue()) : "%!d(" + Values.kind(v) + "=" + Values.print(v) + ")";
      case 'f', 'e', 'g' -> v instanceof Number n ? String.format("%" + (flags.isEmpty() ? ".6" : flags) + verb, n.doubleValue()) : "%!" + verb + "(" + Values.kind(v) + "=" + Values.print(v) + ")";
      case 'q' -> "\"" + Values.print(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      case 't' -> Values.print(v);
      case 'x' -> v instanceof Number n ? Long.toHexString(n.longValue()) : java.util.HexFormat.of().formatHex(Values.print(v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      default -> "%!" + verb + "(" + Values.kind(v) + "=" + Values.print(v) + ")";
    };
  }
}
