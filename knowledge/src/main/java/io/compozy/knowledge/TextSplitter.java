package io.compozy.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * The recursive character splitter: a text longer than {@code size} is cut at the coarsest
 * separator that makes pieces fit (paragraphs, then lines, then sentences, then words, then
 * characters), pieces are packed back up to {@code size}, and each chunk repeats the last {@code
 * overlap} characters of the one before it. Pure and deterministic.
 */
public final class TextSplitter {
  private static final List<String> SEPARATORS = List.of("\n\n", "\n", ". ", " ", "");
  private final int size;
  private final int overlap;

  public TextSplitter(int size, int overlap) {
    if (size < 1) {
      throw new IllegalArgumentException("chunk size must be at least 1, got " + size);
    }
    if (overlap < 0 || overlap >= size) {
      throw new IllegalArgumentException(
          "chunk overlap must be at least 0 and less than the size (" + size + "), got " + overlap);
    }
    this.size = size;
    this.overlap = overlap;
  }

  /** The chunks of {@code text}, in order, with their ids for {@code source}. */
  public List<Chunk> split(String source, String text) {
    List<String> pieces = new ArrayList<>();
    cut(text.strip(), 0, pieces);
    List<Chunk> chunks = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String piece : pieces) {
      if (!current.isEmpty() && current.length() + piece.length() > size) {
        chunks.add(Chunk.of(source, chunks.size(), current.toString().strip()));
        String tail =
            current.length() > overlap
                ? current.substring(current.length() - overlap)
                : current.toString();
        current.setLength(0);
        current.append(tail);
        if (current.length() + piece.length() > size) {
          current.setLength(0); // an overlap that would overflow the chunk is dropped
        }
      }
      current.append(piece);
    }
    if (!current.toString().isBlank()) {
      chunks.add(Chunk.of(source, chunks.size(), current.toString().strip()));
    }
    return chunks;
  }

  /**
   * Pieces of at most {@code size}, each keeping its separator so packing them back restores the
   * text.
   */
  private void cut(String text, int level, List<String> out) {
    if (text.length() <= size) {
      if (!text.isEmpty()) {
        out.add(text);
      }
      return;
    }
    String separator = SEPARATORS.get(level);
    if (separator.isEmpty()) {
      int step =
          size - overlap; // so the overlap of the chunk before still fits with the next piece
      for (int i = 0; i < text.length(); i += step) {
        out.add(text.substring(i, Math.min(text.length(), i + step)));
      }
      return;
    }
    int from = 0;
    while (from < text.length()) {
      int at = text.indexOf(separator, from);
      int end = at < 0 ? text.length() : at + separator.length();
      String part = text.substring(from, end);
      if (part.length() > size) {
        cut(part, level + 1, out);
      } else {
        out.add(part);
      }
      from = end;
    }
  }
}
