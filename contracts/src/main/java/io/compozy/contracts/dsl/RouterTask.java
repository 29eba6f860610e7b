package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.compozy.contracts.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates {@code condition} (CEL) to a route name looked up in {@code routes}, or takes {@code
 * default}. A route names a task of the workflow (the flow goes there) or is a task written in
 * place (it runs as the router's child, then the flow goes on after the router). Output: {@code
 * {route_taken}}, plus {@code output} (the inline task's) for an inline route.
 */
public record RouterTask(
    String id,
    @Nullable String type,
    String condition,
    Map<String, Object> routes,
    @JsonProperty("default") @Nullable String defaultRoute,
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
  public RouterTask {
    for (Map.Entry<String, Object> route : routes.entrySet()) {
      if (route.getValue() instanceof Map<?, ?> inline) {
        try {
          Json.STRICT_JSON.convertValue(inline, TaskDef.class);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              "route '"
                  + route.getKey()
                  + "' is not a valid task: "
                  + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
              e);
        }
      } else if (!(route.getValue() instanceof String)) {
        throw new IllegalArgumentException(
            "route '" + route.getKey() + "' is a task id or a task written in place");
      }
    }
  }

  /**
   * The task a route names by id, or null when the route is a task written in place (or there is no
   * such route).
   */
  public @Nullable String routeTarget(String route) {
    return routes.get(route) instanceof String id ? id : null;
  }

  /** The task written in place for a route, or null. */
  public @Nullable TaskDef inlineRoute(String route) {
    return routes.get(route) instanceof Map<?, ?> inline
        ? Json.MAPPER.convertValue(inline, TaskDef.class)
        : null;
  }

  /** The tasks written in place for routes, as the router's children. */
  @Override
  public List<TaskDef> children() {
    return routes.keySet().stream().map(this::inlineRoute).filter(Objects::nonNull).toList();
  }
}
