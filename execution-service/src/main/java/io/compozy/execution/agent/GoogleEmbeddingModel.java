package io.compozy.execution.agent;

import com.google.genai.Client;
import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * Google's embeddings (the Gemini API with a key, or Vertex AI, Compozy's {@code vertex}) through
 * Google's GenAI SDK, the client the {@code google} chat models use, as a Spring AI {@link
 * EmbeddingModel}: the texts of a call in one request, {@code config.dimension} as the output
 * dimensionality.
 */
final class GoogleEmbeddingModel implements EmbeddingModel {
  private final Client client;
  private final String model;
  private final @Nullable Integer dimension;

  GoogleEmbeddingModel(Client client, String model, @Nullable Integer dimension) {
    this.client = client;
    this.model = model;
    this.dimension = dimension;
  }

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    EmbedContentConfig.Builder config = EmbedContentConfig.builder().taskType("RETRIEVAL_DOCUMENT");
    if (dimension != null) {
      config.outputDimensionality(dimension);
    }
    EmbedContentResponse answer =
        client.models.embedContent(model, request.getInstructions(), config.build());
    List<ContentEmbedding> found = answer.embeddings().orElse(List.of());
    List<Embedding> out = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      List<Float> values = found.get(i).values().orElse(List.of());
      float[] v = new float[values.size()];
      for (int j = 0; j < v.length; j++) {
        v[j] = values.get(j);
      }
      out.add(new Embedding(v, i));
    }
    return new EmbeddingResponse(out);
  }

  @Override
  public float[] embed(Document document) {
    return embed(document.getFormattedContent());
  }
}
