package io.compozy.execution.run;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /workflows/{id}/executions}. */
record StartRequest(@Nullable Object input, @Nullable String taskId, @Nullable Integer timeout) {
  @SuppressWarnings("unchecked")
  Map<String, Object> inputOrEmpty() {
    return input instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
