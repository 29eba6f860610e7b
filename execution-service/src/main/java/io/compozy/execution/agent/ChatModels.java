package io.compozy.execution.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import io.compozy.contracts.dsl.EmbedderDef;
import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.message.RuntimeSpec;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.google.genai.GoogleGenAiChatModel;
import org.springframework.ai.google.genai.GoogleGenAiChatOptions;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.OllamaEmbeddingModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.ai.ollama.api.OllamaEmbeddingOptions;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;

/**
 * The client for a model definition, through Spring AI's {@code ChatModel}: OpenAI and the
 * OpenAI-compatible providers (one client, their own base URL), Anthropic, Google (Gemini API),
 * Ollama's own API, and the offline {@code mock}. Clients are kept per provider, URL and key (each
 * holds a connection pool), so a changed key takes effect at once.
 */
@Component
public class ChatModels {
  /** Base URLs of the OpenAI-compatible providers DSL.md names; {@code api_url} overrides them. */
  static final Map<String, String> OPENAI_COMPATIBLE =
      Map.of(
          "openai", "https://api.openai.com/v1",
          "groq", "https://api.groq.com/openai/v1",
          "deepseek", "https://api.deepseek.com/v1",
          "xai", "https://api.x.ai/v1",
          "openrouter", "https://openrouter.ai/api/v1",
          "cerebras", "https://api.cerebras.ai/v1",
          "vllm", "http://localhost:8000/v1",
          "llamacpp", "http://localhost:8080/v1");

  static final String ANTHROPIC_URL = "https://api.anthropic.com";
  static final String GOOGLE_URL = "https://generativelanguage.googleapis.com";
  static final String OLLAMA_URL = "http://localhost:11434";

  /**
   * A model's client and the builder of the options each call carries (provider-specific types).
   */
  record ModelClient(
      ChatModel chat, Supplier<DefaultToolCallingChatOptions.Builder<?>> options, boolean openAi) {}

  private final AgentProperties properties;
  private final ModelEnvironment environment;
  private final Cache<String, ModelClient> clients =
      Caffeine.newBuilder().maximumSize(256).expireAfterAccess(Duration.ofHours(1)).build();

  ChatModels(AgentProperties properties) {
    this.properties = properties;
    this.environment = new ModelEnvironment(properties.envFile());
  }

  ModelClient forModel(ModelDef defined, @Nullable RuntimeSpec runtime) {
    ModelDef model = overridden(defined);
    String provider = model.provider();
    if (provider.equals(MockChatModel.PROVIDER)) {
      return new ModelClient(new MockChatModel(model), OpenAiChatOptions::builder, false);
    }
    String base = baseUrl(model);
    boolean local =
        provider.equals("ollama")
            || provider.equals("vllm")
            || provider.equals("llamacpp")
            || model.apiUrl() != null;
    String apiKey = key(model, runtime, local);
    return clients.get(
        provider + "|" + base + "|" + apiKey,
        k ->
            switch (provider) {
              case "anthropic" ->
                  new ModelClient(
                      AnthropicChatModel.builder()
                          .options(
                              AnthropicChatOptions.builder()
                                  .baseUrl(base)
                                  .apiKey(apiKey)
                                  .model(model.model())
                                  .maxTokens(4096)
                                  .maxRetries(properties.providerRetries())
                                  .timeout(properties.callTimeout())
                                  .build())
                          .build(),
                      () -> AnthropicChatOptions.builder().maxTokens(4096),
                      false);
              case "google" ->
                  new ModelClient(
                      GoogleGenAiChatModel.builder()
                          .genAiClient(
                              Client.builder()
                                  .apiKey(apiKey)
                                  .httpOptions(
                                      HttpOptions.builder()
                                          .baseUrl(base)
                                          .timeout((int) properties.callTimeout().toMillis())
                                          .retryOptions(
                                              HttpRetryOptions.builder()
                                                  .attempts(properties.providerRetries() + 1)
                                                  .initialDelay(0.5)
                                                  .maxDelay(8.0)
                                                  .expBase(2.0)
                                                  .jitter(0.25))
                                          .build())
                                  .build())
                          .options(GoogleGenAiChatOptions.builder().model(model.model()).build())
                          .build(),
                      GoogleGenAiChatOptions::builder,
                      false);
              case "ollama" ->
                  new ModelClient(
                      OllamaChatModel.builder()
                          .ollamaApi(OllamaApi.builder().baseUrl(base).build())
                          .retryTemplate(retries())
                          .options(OllamaChatOptions.builder().model(model.model()).build())
                          .build(),
                      OllamaChatOptions::builder,
                      false);
              default ->
                  new ModelClient(
                      OpenAiChatModel.builder()
                          .options(
                              OpenAiChatOptions.builder()
                                  .baseUrl(base)
                                  .apiKey(apiKey)
                                  .model(model.model())
                                  .maxRetries(properties.providerRetries())
                                  .timeout(properties.callTimeout())
                                  .build())
                          .build(),
                      () -> OpenAiChatOptions.builder().streamUsage(true),
                      true);
            });
  }

  /**
   * A remote embedding model (Spring AI's): OpenAI and the OpenAI-compatible providers through
   * OpenAI's API, Ollama through its own; its key and URL resolved as a chat model's are, and
   * transient failures (429 with its Retry-After, 5xx, I/O) retried as model calls are.
   */
  public EmbeddingModel embeddings(EmbedderDef e) {
    ModelDef model =
        new ModelDef(
            e.id(), e.provider(), e.model(), e.apiKey(), e.apiUrl(), null, null, Map.of(), null);
    if (e.provider()
        .equals("vertex")) { // Google Cloud's endpoint by region unless api_url says; a key only in
      // express mode
      String apiKey = e.apiKey() == null || e.apiKey().isBlank() ? null : key(model, null, false);
      return new GoogleEmbeddingModel(
          google(e.apiUrl() == null || e.apiUrl().isBlank() ? null : e.apiUrl(), apiKey, true, e),
          e.model(),
          e.config() == null ? null : e.config().dimension());
    }
    String base = baseUrl(model);
    boolean local =
        e.provider().equals("ollama")
            || e.provider().equals("vllm")
            || e.provider().equals("llamacpp")
            || e.apiUrl() != null;
    String apiKey = key(model, null, local);
    Integer dimension = e.config() == null ? null : e.config().dimension();
    return switch (e.provider()) {
      case "ollama" ->
          OllamaEmbeddingModel.builder()
              .ollamaApi(OllamaApi.builder().baseUrl(base).build())
              .options(OllamaEmbeddingOptions.builder().model(e.model()).build())
              .build();
      case "google" ->
          new GoogleEmbeddingModel(google(base, apiKey, false, e), e.model(), dimension);
      case "anthropic" ->
          throw new ProviderException(
              "embedder provider 'anthropic' has no embeddings: use openai (or an OpenAI-compatible"
                  + " api_url), google, vertex, ollama, or local",
              false);
      default ->
          OpenAiEmbeddingModel.builder()
              .options(
                  OpenAiEmbeddingOptions.builder()
                      .baseUrl(base)
                      .apiKey(apiKey)
                      .model(e.model())
                      .dimensions(dimension)
                      .maxRetries(properties.providerRetries())
                      .timeout(properties.callTimeout())
                      .build())
              .build();
    };
  }

  /**
   * Google's GenAI client for embeddings: the Gemini API with a key ({@code google}), or Vertex AI
   * ({@code vertex}: its project and location from {@code config.retry.project_id} and {@code
   * location} as Compozy reads them, else {@code GOOGLE_CLOUD_PROJECT} and {@code
   * GOOGLE_CLOUD_LOCATION}; a key for Vertex's express mode, else Google's application
   * credentials).
   */
  private Client google(
      @Nullable String base, @Nullable String apiKey, boolean vertex, EmbedderDef e) {
    HttpOptions.Builder http =
        HttpOptions.builder()
            .timeout((int) properties.callTimeout().toMillis())
            .retryOptions(
                HttpRetryOptions.builder()
                    .attempts(properties.providerRetries() + 1)
                    .initialDelay(0.5)
                    .maxDelay(8.0)
                    .expBase(2.0)
                    .jitter(0.25));
    if (base != null) {
      http.baseUrl(base);
    }
    Client.Builder b = Client.builder().httpOptions(http.build());
    if (apiKey != null && !apiKey.isBlank()) {
      b.apiKey(apiKey);
    }
    if (vertex) {
      Map<String, Object> options =
          e.config() == null || e.config().retry() == null ? Map.of() : e.config().retry();
      b.vertexAI(true);
      if (options.get("project_id") instanceof String project && !project.isBlank()) {
        b.project(secret(project));
      }
      if (options.get("location") instanceof String location && !location.isBlank()) {
        b.location(secret(location));
      }
    }
    return b.build();
  }

  /**
   * A secret written as a template over the environment and the project's {@code .env} ({@code {{
   * .env.NAME }}}).
   */
  public String secret(@Nullable String template) {
    return environment.render(template, null);
  }

  /**
   * The model every call uses when {@code compozy.agents.model-override} is set: its provider and
   * model, the definition's params.
   */
  ModelDef overridden(ModelDef model) {
    String override = properties.modelOverride();
    if (override == null) {
      return model;
    }
    String spec =
        override.equals(MockChatModel.PROVIDER) ? MockChatModel.PROVIDER + ":echo" : override;
    int colon = spec.indexOf(':');
    return new ModelDef(
        model.id(),
        spec.substring(0, colon),
        spec.substring(colon + 1),
        null,
        null,
        model.isDefault(),
        model.maxToolIterations(),
        model.params(),
        model.rateLimit());
  }

  /**
   * Retries of transient failures (429, 5xx, I/O) with exponential backoff and jitter, as the SDK
   * clients do.
   */
  private RetryTemplate retries() {
    return new RetryTemplate(
        RetryPolicy.builder()
            .maxRetries(properties.providerRetries())
            .delay(Duration.ofMillis(500))
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(8))
            .jitter(Duration.ofMillis(250))
            .includes(TransientAiException.class, ResourceAccessException.class)
            .build());
  }

  private String baseUrl(ModelDef model) {
    if (model.apiUrl() != null && !model.apiUrl().isBlank()) {
      return model.apiUrl();
    }
    String configured = properties.providerUrls().get(model.provider());
    if (configured != null) {
      return configured;
    }
    String known =
        switch (model.provider()) {
          case "anthropic" -> ANTHROPIC_URL;
          case "google" -> GOOGLE_URL;
          case "ollama" -> OLLAMA_URL;
          default -> OPENAI_COMPATIBLE.get(model.provider());
        };
    if (known == null) {
      throw new ProviderException(
          "provider '"
              + model.provider()
              + "' is not supported: use openai, anthropic, google, ollama, groq, deepseek, xai,"
              + " openrouter, cerebras, vllm, llamacpp, any OpenAI-compatible server through"
              + " `api_url`, or mock",
          false);
    }
    return known;
  }

  private String key(ModelDef model, @Nullable RuntimeSpec runtime, boolean local) {
    String key;
    try {
      key = environment.render(model.apiKey(), runtime);
    } catch (ProviderException e) {
      throw new ProviderException(
          "model '"
              + label(model)
              + "' has no api key: "
              + e.getMessage()
              + " (set the variable in the environment or the project's .env)",
          false);
    }
    if (key.isBlank()) {
      if (!local) {
        throw new ProviderException(
            "model '"
                + label(model)
                + "' has no api key: set `api_key` (e.g. {{ .env."
                + model.provider().toUpperCase(Locale.ROOT)
                + "_API_KEY }}) and that variable",
            false);
      }
      return "none"; // local servers (ollama, vLLM, llama.cpp) take any key
    }
    return key;
  }

  static String label(ModelDef model) {
    return model.provider() + ":" + model.model();
  }
}
