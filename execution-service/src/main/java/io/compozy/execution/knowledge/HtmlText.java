package io.compozy.execution.knowledge;

import java.util.regex.Pattern;

/**
 * The readable text of an HTML page: scripts, styles and tags dropped, common entities decoded,
 * blank runs folded. Pure.
 */
final class HtmlText {
  private static final Pattern HIDDEN =
      Pattern.compile("(?is)<(script|style|noscript)\\b.*?</\\1\\s*>");
  private static final Pattern BREAKS =
      Pattern.compile("(?i)<\\s*(br|/p|/div|/li|/h[1-6]|/tr)\\b[^>]*>");
  private static final Pattern TAGS = Pattern.compile("<[^>]*>");
  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n+");

  private HtmlText() {}

  static String of(String html) {
    String text = HIDDEN.matcher(html).replaceAll(" ");
    text = BREAKS.matcher(text).replaceAll("\n");
    text = TAGS.matcher(text).replaceAll(" ");
    text =
        text.replace("&nbsp;", " ")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
    text = SPACES.matcher(text).replaceAll(" ");
    return BLANK_LINES.matcher(text).replaceAll("\n\n").strip();
  }
}
