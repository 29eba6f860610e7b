package io.compozy.execution.knowledge;

import io.compozy.contracts.dsl.EmbedderDef;
import io.compozy.knowledge.Embedder;
import io.compozy.knowledge.KnowledgeException;
import java.util.List;
import org.springframework.ai.embedding.EmbeddingModel;

/**
 * An embedder called over the network (Spring AI's {@link EmbeddingModel}): OpenAI or an
 * OpenAI-compatible server, or Ollama. Its dimension is the configured one, else what the model
 * answers the first time it is asked.
 */
final class RemoteEmbedder implements Embedder {
  private final EmbedderDef def;
  private final EmbeddingModel model;
  private volatile int dimension;

  RemoteEmbedder(EmbedderDef def, EmbeddingModel model) {
    this.def = def;
    this.model = model;
    this.dimension =
        def.config() != null && def.config().dimension() != null ? def.config().dimension() : 0;
  }

  @Override
  public int dimension() {
    int d = dimension;
    if (d == 0) {
      try {
        d = model.dimensions(); // asks the model once
      } catch (RuntimeException e) {
        throw failed(e);
      }
      dimension = d;
    }
    return d;
  }

  @Override
  public String model() {
    return def.provider() + ":" + def.model();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    boolean strip = def.config() != null && Boolean.TRUE.equals(def.config().stripNewlines());
    List<float[]> vectors;
    try {
      vectors = model.embed(strip ? texts.stream().map(t -> t.replace('\n', ' ')).toList() : texts);
    } catch (RuntimeException e) {
      throw failed(e);
    }
    if (vectors.size() != texts.size()) {
      throw new KnowledgeException(
          "embedder",
          "embedder '"
              + def.id()
              + "' answered "
              + vectors.size()
              + " vectors for "
              + texts.size()
              + " texts");
    }
    for (float[] v : vectors) {
      if (v.length != dimension()) {
        throw new KnowledgeException(
            "embedder",
            "embedder '"
                + def.id()
                + "' answered a vector of "
                + v.length
                + " dimensions, not "
                + dimension()
                + " (config.dimension)");
      }
    }
    return vectors;
  }

  /**
   * A call that failed after the client's own retries: the ingestion or query fails naming the
   * embedder.
   */
  private KnowledgeException failed(RuntimeException e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    return new KnowledgeException(
        "embedder",
        "embedder '"
            + def.id()
            + "' ("
            + model()
            + ") failed: "
            + (why.length() > 300 ? why.substring(0, 300) + "…" : why));
  }
}
