package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.compozy.contracts.json.Json;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Waits for the signal {@code wait_for} whose payload passes {@code condition} (CEL on {@code
 * signal}, and on {@code processor.output} when a {@code processor} task runs for each signal
 * first), at most {@code timeout}, then goes on; on timeout it goes to {@code on_timeout}.
 */
public record WaitTask(
    String id,
    @Nullable String type,
    String waitFor,
    @Nullable String condition,
    @Nullable TaskDef processor,
    @Nullable String onTimeout,
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
    @JsonProperty("final") @Nullable Boolean isFinal)
    implements TaskDef {
  /** A processor written without an id (Compozy allows it) is called "processor". */
  public static final String DEFAULT_PROCESSOR_ID = "processor";

  public WaitTask {
    if (processor != null && processor.id() == null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = Json.MAPPER.convertValue(processor, Map.class);
      fields.put("id", DEFAULT_PROCESSOR_ID);
      processor = Json.MAPPER.convertValue(fields, TaskDef.class);
    }
  }

  /** The processor, run as this task's child for each signal. */
  @Override
  public List<TaskDef> children() {
    return processor == null ? List.of() : List.of(processor);
  }
}
