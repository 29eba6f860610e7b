package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates {@code condition} (CEL) to a string, looked up in {@code routes} (value → task id);
 * {@code default} is taken when nothing matches. Its output is {@code {route_taken}}.
 */
public record RouterTask(
    String id,
    @Nullable String type,
    String condition,
    Map<String, String> routes,
    @JsonProperty("default") @Nullable String defaultRoute,
    @Nullable Map<String, Object> with,
    @Nullable Map<String, Object> outputs,
    @Nullable Transition onSuccess,
    @Nullable Transition onError,
    @JsonProperty("final") @Nullable Boolean isFinal)
    implements TaskDef {}
