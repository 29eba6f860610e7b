package io.compozy.gateway.web;

/**
 * The header names and values Spring Security's strict firewall accepts by default (every character
 * assigned and not a control character; values may hold tabs), checked with a loop instead of the
 * default's regular expressions, which cost more than the API key check on every request.
 */
final class HeaderCharacters {
  private HeaderCharacters() {}

  static boolean allowedName(String name) {
    return name == null || allowed(name, false);
  }

  static boolean allowedValue(String value) {
    return value == null || allowed(value, true);
  }

  private static boolean allowed(String s, boolean tabs) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f || c >= 0xa0 && c <= 0xff) {
        continue;
      }
      if (c == '\t' && tabs) {
        continue;
      }
      if (c < 0xa0) {
        return false;
      }
      int codePoint = s.codePointAt(i);
      int type = Character.getType(codePoint);
      if (type == Character.UNASSIGNED || type == Character.CONTROL) {
        return false;
      }
      i += Character.charCount(codePoint) - 1;
    }
    return true;
  }
}
