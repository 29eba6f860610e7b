package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs a tool, or an agent action or prompt (the agent workers); its result is the task's output.
 * {@code model_config} (a model reference or inline model) overrides the agent's model.
 */
public record BasicTask(
    String id,
    @Nullable String type,
    @Nullable String tool,
    @Nullable String agent,
    @Nullable String action,
    @Nullable String prompt,
    @Nullable Object modelConfig,
    @Nullable String condition,
    @Nullable Map<String, Object> with,
    @Nullable Object input,
    @Nullable Object output,
    @Nullable Map<String, Object> outputs,
    @Nullable Map<String, Object> env,
    @Nullable TaskConfig config,
    @Nullable Integer retries,
    @Nullable String timeout,
    @Nullable String sleep,
    @Nullable Transition onSuccess,
    @Nullable Transition onError,
    @JsonProperty("final") @Nullable Boolean isFinal,
    @Nullable List<Attachment> attachments,
    @Nullable List<KnowledgeBinding> knowledge)
    implements TaskDef {
  public BasicTask {
    // Jackson falls back to this record for any unknown type name, so reject those here
    if (type != null && !type.equals("basic")) {
      throw new IllegalArgumentException(
          "unknown task type '" + type + "': expected one of " + TaskDef.TYPES);
    }
  }

  @Override
  public @Nullable String skipCondition() {
    return condition;
  }
}
