package io.compozy.knowledge;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;

/**
 * The offline embedder ({@code provider: local}, {@code model: all-minilm-l6-v2}): the
 * sentence-transformers model all-MiniLM-L6-v2, quantized, run by ONNX Runtime inside the JVM. The
 * model ships in its Maven artifact: nothing is downloaded and no key is needed. 384 dimensions,
 * normalized; texts past 256 word pieces are cut by the model.
 */
public final class LocalEmbedder implements Embedder {
  public static final String MODEL = "all-minilm-l6-v2";
  private final AllMiniLmL6V2QuantizedEmbeddingModel model =
      new AllMiniLmL6V2QuantizedEmbeddingModel();

  @Override
  public int dimension() {
    return 384;
  }

  @Override
  public String model() {
    return "local:" + MODEL;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
        .map(e -> e.vector())
        .toList();
  }
}
