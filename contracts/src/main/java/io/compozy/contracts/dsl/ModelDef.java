package io.compozy.contracts.dsl;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An LLM provider and model, with its parameters. */
public record ModelDef(
    String provider,
    String model,
    @Nullable String apiKey,
    @Nullable String apiUrl,
    @com.fasterxml.jackson.annotation.JsonProperty("default") @Nullable Boolean isDefault,
    @Nullable Map<String, Object> params) {}
