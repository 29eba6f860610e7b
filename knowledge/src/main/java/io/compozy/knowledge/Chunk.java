package io.compozy.knowledge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A piece of a source's text. Its id is a hash of the source, the position and the text, so the
 * same text at the same place always has the same id: a re-ingest knows what it has already.
 */
public record Chunk(String id, String source, int index, String text) {
  public static Chunk of(String source, int index, String text) {
    return new Chunk(idOf(source, index, text), source, index, text);
  }

  static String idOf(String source, int index, String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(source.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(Integer.toString(index).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
