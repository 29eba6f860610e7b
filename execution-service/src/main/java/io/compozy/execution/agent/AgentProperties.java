package io.compozy.execution.agent;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code compozy.agents}: how the agent worker calls models and tools.
 *
 * @param providerRetries retries of one model call on 429, 5xx and timeouts (exponential backoff
 *     with jitter, {@code Retry-After} honoured); a step that still fails is retried by the task's
 *     retry policy
 * @param callTimeout the longest one model call may take
 * @param toolConcurrency tool calls of one model turn that run at once
 * @param maxConsecutiveToolErrors tool failures in a row that end the loop
 * @param envFile a {@code .env} file whose variables {@code api_key} templates see (after the
 *     process environment and the project's own {@code .env})
 * @param providerUrls base URL per provider, overriding the built-in ones
 * @param stream whether answers are streamed, their text published as {@code llm_chunk} events
 * @param modelOverride {@code provider:model} (or {@code mock}, meaning {@code mock:echo}) used for
 *     every model call instead of the model the definition names, keeping its params: runs a
 *     project written for paid providers offline ({@code COMPOZY_AGENTS_MODEL_OVERRIDE=mock})
 */
@ConfigurationProperties("compozy.agents")
record AgentProperties(
    Integer providerRetries,
    Duration callTimeout,
    Integer toolConcurrency,
    Integer maxConsecutiveToolErrors,
    @Nullable String envFile,
    Map<String, String> providerUrls,
    Boolean stream,
    @Nullable String modelOverride) {

  AgentProperties {
    if (modelOverride != null
        && (modelOverride.isBlank()
            || !modelOverride.equals("mock") && !modelOverride.matches("[a-z0-9_-]+:.+"))) {
      throw new IllegalArgumentException(
          "compozy.agents.model-override must be provider:model or mock, got '"
              + modelOverride
              + "'");
    }
    providerRetries = providerRetries == null ? 3 : providerRetries;
    callTimeout = callTimeout == null ? Duration.ofMinutes(2) : callTimeout;
    toolConcurrency = toolConcurrency == null ? 8 : toolConcurrency;
    maxConsecutiveToolErrors = maxConsecutiveToolErrors == null ? 3 : maxConsecutiveToolErrors;
    providerUrls = providerUrls == null ? Map.of() : Map.copyOf(providerUrls);
    stream = stream == null || stream;
  }
}
