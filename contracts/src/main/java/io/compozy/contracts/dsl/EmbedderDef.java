package io.compozy.contracts.dsl;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An embedding model (Compozy's {@code embedders}): {@code provider} {@code local} with {@code
 * model} {@code all-minilm-l6-v2} runs offline inside the platform; the others are called with
 * {@code api_key} (a template over the environment).
 */
public record EmbedderDef(
    String id,
    String provider,
    String model,
    @Nullable String apiKey,
    @Nullable String apiUrl,
    @Nullable Config config) {

  public static final String LOCAL = "local";
  public static final String LOCAL_MODEL = "all-minilm-l6-v2";

  /** {@code dimension} the vectors have; {@code batch_size} texts per call. */
  public record Config(
      @Nullable Integer dimension,
      @Nullable Integer batchSize,
      @Nullable Integer maxConcurrentWorkers,
      @Nullable Boolean stripNewlines,
      @Nullable String timeout,
      @Nullable Map<String, Object> retry,
      @Nullable Map<String, Object> cache) {}
}
