package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An LLM provider and model, with its parameters. {@code api_key} is usually a template over the
 * environment ({@code {{ .env.OPENAI_API_KEY }}}), rendered by the worker that calls the provider,
 * so secrets never travel in messages.
 */
public record ModelDef(
    @Nullable String id,
    String provider,
    String model,
    @Nullable String apiKey,
    @Nullable String apiUrl,
    @JsonProperty("default") @Nullable Boolean isDefault,
    @Nullable Integer maxToolIterations,
    @Nullable Map<String, Object> params,
    @Nullable Map<String, Object> rateLimit) {

  /** A model named {@code provider:model} in a reference, with nothing else set. */
  public static ModelDef of(String provider, String model) {
    return new ModelDef(null, provider, model, null, null, null, null, null, null);
  }

  public Map<String, Object> paramsOrEmpty() {
    return params == null ? Map.of() : params;
  }
}
