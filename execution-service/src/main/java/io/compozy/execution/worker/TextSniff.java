package io.compozy.execution.worker;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a file is text, judged on its first 8 KiB as Compozy judges it: a NUL byte, or more than
 * 30 % control bytes other than tab, newline, carriage return, form feed and backspace, makes it
 * binary. Unlike Compozy, bytes above 0x7E count as text when they are valid UTF-8, so a file in
 * Japanese is still text; invalid UTF-8 is binary.
 */
final class TextSniff {
  static final int SAMPLE = 8 * 1024;

  private TextSniff() {}

  static boolean isBinary(byte[] bytes) {
    int n = Math.min(bytes.length, SAMPLE);
    int control = 0;
    for (int i = 0; i < n; i++) {
      byte b = bytes[i];
      if (b == 0) {
        return true;
      }
      if (b >= 0 && b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != '\b'
          || b == 0x7F) {
        control++;
      }
    }
    return n > 0 && (control > n * 0.30 || !utf8(bytes, n));
  }

  /** Valid UTF-8 up to {@code n}, a sequence cut by the sample's end allowed. */
  private static boolean utf8(byte[] bytes, int n) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, n);
    try {
      decoder.decode(in);
      return true;
    } catch (CharacterCodingException e) {
      return n < bytes.length && n - in.position() < 4; // the sample ended inside a character
    }
  }
}
