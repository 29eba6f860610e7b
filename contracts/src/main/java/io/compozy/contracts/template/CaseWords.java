package io.compozy.contracts.template;

/** snakecase, kebabcase and camelcase as Sprig's xstrings library splits and joins words. */
final class CaseWords {
  private CaseWords() {}

  private enum Word {
    INVALID,
    NUMBER,
    UPPER,
    ALPHABET,
    CONNECTOR,
    PUNCT,
    OTHER
  }

  private record Next(Word type, String word, String remaining) {}

  static boolean isConnector(int r) {
    return r == '-' || r == '_' || SprigStrings.isSpace(r);
  }

  private static boolean isAlphabet(int r) {
    if (!Character.isLetter(r)) {
      return false;
    }
    if (r < 0x2E80) {
      return true;
    }
    return !(r >= 0x4E00 && r <= 0x9FCC
        || r >= 0x3400 && r <= 0x4D85
        || r >= 0x20000 && r <= 0x2B81D);
  }

  private static boolean isPunct(int r) {
    return switch (Character.getType(r)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }

  private static boolean isNumber(int r) {
    int t = Character.getType(r);
    return t == Character.DECIMAL_DIGIT_NUMBER
        || t == Character.LETTER_NUMBER
        || t == Character.OTHER_NUMBER;
  }

  private static Next nextWord(String s) {
    if (s.isEmpty()) {
      return new Next(Word.INVALID, "", "");
    }
    int r = s.codePointAt(0);
    int size = Character.charCount(r);
    int offset = size;
    String rem = s.substring(size);
    Word wt;
    if (isConnector(r)) {
      wt = Word.CONNECTOR;
      while (!rem.isEmpty() && isConnector(rem.codePointAt(0))) {
        int sz = Character.charCount(rem.codePointAt(0));
        offset += sz;
        rem = rem.substring(sz);
      }
    } else if (isPunct(r)) {
      wt = Word.PUNCT;
      while (!rem.isEmpty() && isPunct(rem.codePointAt(0))) {
        int sz = Character.charCount(rem.codePointAt(0));
        offset += sz;
        rem = rem.substring(sz);
      }
    } else if (Character.isUpperCase(r)) {
      wt = Word.UPPER;
      if (!rem.isEmpty()) {
        int r2 = rem.codePointAt(0);
        if (Character.isUpperCase(r2)) {
          int prevSize = Character.charCount(r2);
          offset += prevSize;
          rem = rem.substring(prevSize);
          int last = r2;
          while (!rem.isEmpty()) {
            last = rem.codePointAt(0);
            if (!Character.isUpperCase(last)) {
              break;
            }
            prevSize = Character.charCount(last);
            offset += prevSize;
            rem = rem.substring(prevSize);
          }
          if (!rem.isEmpty() && isAlphabet(last)) {
            offset -= prevSize;
            rem = s.substring(offset);
          }
        } else if (isAlphabet(r2)) {
          int sz = Character.charCount(r2);
          offset += sz;
          rem = rem.substring(sz);
          while (!rem.isEmpty()) {
            int x = rem.codePointAt(0);
            if (!isAlphabet(x) || Character.isUpperCase(x)) {
              break;
            }
            offset += Character.charCount(x);
            rem = rem.substring(Character.charCount(x));
          }
        }
      }
    } else if (isAlphabet(r)) {
      wt = Word.ALPHABET;
      while (!rem.isEmpty()) {
        int x = rem.codePointAt(0);
        if (!isAlphabet(x) || Character.isUpperCase(x)) {
          break;
        }
        offset += Character.charCount(x);
        rem = rem.substring(Character.charCount(x));
      }
    } else if (isNumber(r)) {
      wt = Word.NUMBER;
      while (!rem.isEmpty() && isNumber(rem.codePointAt(0))) {
        int sz = Character.charCount(rem.codePointAt(0));
        offset += sz;
        rem = rem.substring(sz);
      }
    } else {
      wt = Word.OTHER;
      while (!rem.isEmpty()) {
        int x = rem.codePointAt(0);
        if (isConnector(x) || isAlphabet(x) || isNumber(x) || isPunct(x)) {
          break;
        }
        offset += Character.charCount(x);
        rem = rem.substring(Character.charCount(x));
      }
    }
    return new Next(wt, s.substring(0, offset), rem);
  }

  private static void toLower(StringBuilder b, Word wt, String s, char connector) {
    if (wt != Word.UPPER && wt != Word.CONNECTOR) {
      b.append(s);
      return;
    }
    s.codePoints()
        .forEach(
            r -> {
              if (isConnector(r)) {
                b.append(connector);
              } else if (Character.isUpperCase(r)) {
                b.appendCodePoint(Character.toLowerCase(r));
              } else {
                b.appendCodePoint(r);
              }
            });
  }

  /** xstrings camelCaseToLowerCase: "HTTPServer" with '_' is "http_server". */
  static String lower(String str, char connector) {
    if (str.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    Next n = nextWord(str);
    Word wt = n.type;
    String word = n.word;
    String remaining = n.remaining;
    while (!remaining.isEmpty()) {
      if (wt != Word.CONNECTOR) {
        toLower(b, wt, word, connector);
      }
      Word prev = wt;
      String last = word;
      n = nextWord(remaining);
      wt = n.type;
      word = n.word;
      remaining = n.remaining;
      switch (prev) {
        case NUMBER -> {
          while (wt == Word.ALPHABET || wt == Word.NUMBER) {
            toLower(b, wt, word, connector);
            n = nextWord(remaining);
            wt = n.type;
            word = n.word;
            remaining = n.remaining;
          }
          if (wt != Word.INVALID && wt != Word.PUNCT && wt != Word.CONNECTOR) {
            b.append(connector);
          }
        }
        case CONNECTOR -> toLower(b, prev, last, connector);
        case PUNCT -> {}
        default -> {
          if (wt != Word.NUMBER) {
            if (wt != Word.CONNECTOR && wt != Word.PUNCT) {
              b.append(connector);
            }
            break;
          }
          if (remaining.isEmpty()) {
            break;
          }
          String lastNumber = word;
          n = nextWord(remaining);
          wt = n.type;
          word = n.word;
          remaining = n.remaining;
          if (wt != Word.ALPHABET) {
            toLower(b, Word.NUMBER, lastNumber, connector);
            if (wt != Word.CONNECTOR && wt != Word.PUNCT) {
              b.append(connector);
            }
            break;
          }
          b.append(connector);
          toLower(b, Word.NUMBER, lastNumber, connector);
          while (wt == Word.ALPHABET || wt == Word.NUMBER) {
            toLower(b, wt, word, connector);
            n = nextWord(remaining);
            wt = n.type;
            word = n.word;
            remaining = n.remaining;
          }
          if (wt != Word.INVALID && wt != Word.CONNECTOR && wt != Word.PUNCT) {
            b.append(connector);
          }
        }
      }
    }
    toLower(b, wt, word, connector);
    return b.toString();
  }

  /** xstrings ToCamelCase: "hello_world" is "HelloWorld". */
  static String camel(String str) {
    if (str.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    int i = 0;
    int r0 = 0;
    boolean got = false;
    while (i < str.length()) {
      r0 = str.codePointAt(i);
      i += Character.charCount(r0);
      got = true;
      if (!isConnector(r0)) {
        r0 = Character.toUpperCase(r0);
        break;
      }
      b.appendCodePoint(r0);
    }
    if (i >= str.length()) {
      if (got) {
        b.appendCodePoint(r0);
      }
      return b.toString();
    }
    while (i < str.length()) {
      int r1 = r0;
      r0 = str.codePointAt(i);
      i += Character.charCount(r0);
      if (isConnector(r0) && isConnector(r1)) {
        b.appendCodePoint(r1);
        continue;
      }
      if (isConnector(r1)) {
        r0 = Character.toUpperCase(r0);
      } else {
        r0 = Character.toLowerCase(r0);
        b.appendCodePoint(r1);
      }
    }
    b.appendCodePoint(r0);
    return b.toString();
  }
}
