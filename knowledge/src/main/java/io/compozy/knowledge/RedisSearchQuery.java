package io.compozy.knowledge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The pieces of a Redis search (RediSearch, or Redis 8's query engine) the Redis store writes: the
 * KNN query over one base's chunks, tag values escaped for it, and vectors as the FLOAT32 blobs the
 * index holds. Pure text and bytes, tested without a server.
 */
final class RedisSearchQuery {
  /** The name the query gives each hit's cosine distance. */
  static final String DISTANCE = "dist";

  private RedisSearchQuery() {}

  /**
   * {@code (@field:{value})=>[KNN $k @vector $vec AS dist]} in dialect 2: the nearest chunks among
   * those whose tag {@code field} is {@code value}.
   */
  static String knn(String tagField, String value, String vectorField) {
    return "(@"
        + tagField
        + ":{"
        + tag(value)
        + "})=>[KNN $k @"
        + vectorField
        + " $vec AS "
        + DISTANCE
        + "]";
  }

  /**
   * A value as a tag query reads it literally: every ASCII character other than a letter, a digit
   * or {@code _} is escaped with a backslash (tag syntax gives meaning to {@code , . < > { } [ ] "
   * ' : ; ! @ # $ % ^ & * ( ) - + = ~ |}, spaces and backslashes).
   */
  static String tag(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean plain =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || c == '_'
              || c > 127;
      if (!plain) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** A vector as a FLOAT32 blob: little-endian, four bytes a dimension. */
  static byte[] blob(float[] vector) {
    ByteBuffer b = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : vector) {
      b.putFloat(f);
    }
    return b.array();
  }

  /**
   * A hit's score from its cosine distance (0 the same direction, 2 the opposite): the cosine
   * similarity.
   */
  static double score(double cosineDistance) {
    return 1 - cosineDistance;
  }
}
