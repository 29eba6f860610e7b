package io.compozy.execution.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.message.RuntimeSpec;
import java.time.Duration;
import java.util.Map;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Component;

/**
 * The client for a model definition. OpenAI and the OpenAI-compatible providers share Spring AI's
 * OpenAI client with their own base URL; {@code mock} is offline. Clients are kept per provider,
 * URL and key (an OpenAI client holds a connection pool), so a changed key takes effect at once.
 */
@Component
class ChatModels {
  /** Base URLs of the OpenAI-compatible providers DSL.md names; {@code api_url} overrides them. */
  static final Map<String, String> OPENAI_COMPATIBLE = Map.of(
      "openai", "https://api.openai.com/v1",
      "groq", "https://api.groq.com/openai/v1",
      "deepseek", "https://api.deepseek.com/v1",
      "xai", "https://api.x.ai/v1",
      "openrouter", "https://openrouter.ai/api/v1",
      "cerebras", "https://api.cerebras.ai/v1",
      "ollama", "http://localhost:11434/v1");

  private final AgentProperties properties;
  private final ModelEnvironment environment;
  private final Cache<String, ChatModel> clients = Caffeine.newBuilder().maximumSize(256).expireAfterAccess(Duration.ofHours(1)).build();

  ChatModels(AgentProperties properties) {
    this.properties = properties;
    this.environment = new ModelEnvironment(properties.envFile());
  }

  ChatModel forModel(ModelDef model, RuntimeSpec runtime) {
    String provider = model.provider();
    if (provider.equals(MockChatModel.PROVIDER)) {
      return new MockChatModel(model);
    }
    String base = model.apiUrl() != null && !model.apiUrl().isBlank() ? model.apiUrl()
        : properties.providerUrls().getOrDefault(provider, OPENAI_COMPATIBLE.get(provider));
    if (base == null) {
      throw new ProviderException("provider '" + provider + "' is not supported yet: use openai, groq, deepseek, xai, openrouter, "
          + "cerebras, ollama, any OpenAI-compatible server through `api_url`, or mock", false);
    }
    String key;
    try {
      key = environment.render(model.apiKey(), runtime);
    } catch (ProviderException e) {
      throw new ProviderException("model '" + label(model) + "' has no api key: " + e.getMessage()
          + " (set the variable in the environment or the project's .env)", false);
    }
    if (key.isBlank()) {
      if (!provider.equals("ollama") && model.apiUrl() == null) {
        throw new ProviderException("model '" + label(model) + "' has no api key: set `api_key` (e.g. {{ .env."
            + provider.toUpperCase(java.util.Locale.ROOT) + "_API_KEY }}) and that variable", false);
      }
      key = "none"; // local servers (ollama, vLLM, llama.cpp) take any key
    }
    String apiKey = key;
    return clients.get(provider + "|" + base + "|" + apiKey, k -> OpenAiChatModel.builder()
        .options(OpenAiChatOptions.builder()
            .baseUrl(base)
            .apiKey(apiKey)
            .model(model.model())
            .maxRetries(properties.providerRetries())
            .timeout(properties.callTimeout())
            .build())
        .build());
  }

  static String label(ModelDef model) {
    return model.provider() + ":" + model.model();
  }
}
