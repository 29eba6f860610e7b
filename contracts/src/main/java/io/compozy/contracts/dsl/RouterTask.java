package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Evaluates {@code condition} (CEL) to a route name looked up in {@code routes} (route → task id), or
 * takes {@code default}; its output is {@code {route_taken}}. */
public record RouterTask(
    String id,
    @Nullable String type,
    String condition,
    Map<String, String> routes,
    @JsonProperty("default") @Nullable String defaultRoute,
    @Nullable Map<String, Object> with,
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
}
