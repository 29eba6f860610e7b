package io.compozy.knowledge;

import java.util.List;

/** Turns texts into vectors of one dimension, in order. */
public interface Embedder {
  int dimension();

  /**
   * What the vectors are made by, e.g. {@code local:all-minilm-l6-v2}: an index keeps vectors of
   * one model only.
   */
  String model();

  List<float[]> embed(List<String> texts);
}
