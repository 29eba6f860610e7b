package io.compozy.execution.worker;

import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.RuntimeSpec;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.ToolStep;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.contracts.schema.Violation;
import io.compozy.contracts.template.TemplateException;
import io.compozy.contracts.template.TemplateRenderer;
import io.compozy.execution.run.WorkflowRuns;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs any tool a step names: a built-in ({@code cp__*}), an {@code http} tool, or a script tool in
 * the Node.js pool. Built-ins and HTTP calls block, so they run on virtual threads.
 */
@Component
@EnableConfigurationProperties(ToolsProperties.class)
public class Tools implements DisposableBean {
  private final NodeToolRunner scripts;
  private final WorkflowRuns workflows;
  private final ToolsProperties properties;
  private final Clock clock;
  private final WebFetch web = new WebFetch();
  private final CommandTool commands;
  private final TemplateRenderer templates = new TemplateRenderer();
  private final JsonSchemas schemas = new JsonSchemas();
  private final Map<Path, FileTools> files = new ConcurrentHashMap<>();
  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tool-", 0).factory());

  Tools(NodeToolRunner scripts, WorkflowRuns workflows, ToolsProperties properties, Clock clock) {
    this.scripts = scripts;
    this.workflows = workflows;
    this.properties = properties;
    this.clock = clock;
    this.commands =
        new CommandTool(
            properties.execAllow(), properties.execTimeout(), properties.maxOutputBytes());
  }

  /**
   * Runs the tool; a result that does not match the tool's {@code output} schema is a terminal
   * failure.
   */
  public CompletableFuture<ToolOutcome> run(ToolStep asked) {
    ToolStep step = bounded(asked);
    ToolDef def = step.definition();
    return dispatch(step, def).thenApply(outcome -> checked(def, outcome));
  }

  /**
   * The step due by the tool's own {@code timeout}, else the runtime's {@code
   * tool_execution_timeout}, when that comes before the task's deadline.
   */
  private ToolStep bounded(ToolStep step) {
    String limit =
        step.definition() != null && step.definition().timeout() != null
            ? step.definition().timeout()
            : step.runtime() != null ? step.runtime().toolExecutionTimeout() : null;
    return limit == null ? step : step.withDeadlineBy(clock.instant().plus(Durations.parse(limit)));
  }

  /**
   * What is left of a step's time, at most {@code most}; a step out of time is a retryable timeout.
   */
  private Duration left(ToolStep step, Duration most) {
    Duration left = Duration.between(clock.instant(), step.deadline());
    if (left.isNegative() || left.isZero()) {
      throw new ToolFailure("tool_timeout", "tool '" + step.toolId() + "' has no time left", true);
    }
    return left.compareTo(most) < 0 ? left : most;
  }

  private ToolOutcome checked(@Nullable ToolDef def, ToolOutcome outcome) {
    if (def == null || def.output() == null || !(outcome instanceof ToolOutcome.Succeeded s)) {
      return outcome;
    }
    List<Violation> violations = schemas.validate(def.output(), s.output(), "");
    return violations.isEmpty()
        ? outcome
        : new ToolOutcome.Failed(
            new StepError(
                "invalid_tool_output",
                "the result of tool '"
                    + def.id()
                    + "' does not match its output schema: "
                    + violations),
            false,
            s.logs());
  }

  private CompletableFuture<ToolOutcome> dispatch(ToolStep step, @Nullable ToolDef def) {
    if (step.toolId().startsWith("cp__")) {
      return blocking(() -> builtin(step));
    }
    if (def != null && def.isHttp()) {
      return blocking(() -> http(step, def));
    }
    return scripts.run(step, clock.instant());
  }

  private interface Work {
    @Nullable Object run() throws Exception;
  }

  private CompletableFuture<ToolOutcome> blocking(Work work) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new ToolOutcome.Succeeded(work.run());
          } catch (ToolFailure f) {
            return new ToolOutcome.Failed(new StepError(f.type(), f.getMessage()), f.retryable());
          } catch (IOException e) {
            return new ToolOutcome.Failed(
                new StepError("tool_error", String.valueOf(e.getMessage())), true);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ToolOutcome.Failed(new StepError("tool_error", "interrupted"), true);
          } catch (Exception e) {
            return new ToolOutcome.Failed(
                new StepError("tool_error", String.valueOf(e.getMessage())), false);
          }
        },
        threads);
  }

  private @Nullable Object builtin(ToolStep step) throws Exception {
    Map<String, Object> in = step.input();
    return switch (step.toolId()) {
      case "cp__fetch" -> fetch(in, left(step, properties.fetchTimeout()));
      case "cp__read_file" -> files(step).read(string(in, "path", null));
      case "cp__write_file" ->
          files(step)
              .write(
                  string(in, "path", null),
                  string(in, "content", null),
                  flag(in, "append", false),
                  integer(in, "mode", null));
      case "cp__list_dir" ->
          files(step)
              .list(
                  new FileTools.ListRequest(
                      string(in, "path", "."),
                      optional(in, "pattern"),
                      flag(in, "recursive", false),
                      flag(in, "include_files", true),
                      flag(in, "include_dirs", true),
                      pageSize(integer(in, "page_size", FileTools.DEFAULT_PAGE_SIZE)),
                      pageToken(optional(in, "page_token"))));
      case "cp__list_files" ->
          files(step)
              .listFiles(string(in, "dir", null), in.get("exclude"), flag(in, "recursive", false));
      case "cp__delete_file" ->
          files(step).delete(string(in, "path", null), flag(in, "recursive", false));
      case "cp__list_agents" -> workflows.listAgents();
      case "cp__describe_agent" ->
          workflows
              .describeAgent(string(in, "agent_id", null))
              .orElseThrow(
                  () ->
                      new ToolFailure(
                          "invalid_tool_input", "agent not found: " + in.get("agent_id"), false));
      case "cp__grep" ->
          files(step)
              .grep(
                  new FileTools.GrepRequest(
                      string(in, "pattern", null),
                      string(in, "path", null),
                      flag(in, "recursive", false),
                      flag(in, "ignore_case", false),
                      clamp(
                          integer(in, "max_results", FileTools.DEFAULT_GREP_RESULTS),
                          FileTools.DEFAULT_GREP_RESULTS),
                      clamp(
                          integer(in, "max_file_bytes", properties.maxOutputBytes()),
                          properties.maxOutputBytes())));
      case "cp__exec" ->
          commands.run(
              new CommandTool.Request(
                  string(in, "command", null),
                  strings(in, "args"),
                  in.get("working_dir") == null
                      ? root(step)
                      : files(step).inside(string(in, "working_dir", null)),
                  shorter(millis(in, "timeout_ms"), left(step, properties.execTimeout())),
                  stringMap(in, "env")));
      case "cp__call_workflow" -> callWorkflow(step, in);
      case "cp__call_workflows" ->
          many(step, in, "workflows", ChildCalls.Kind.WORKFLOW, "workflow_id", this::callWorkflow);
      case "cp__call_agent" -> callAgent(step, in);
      case "cp__call_agents" ->
          many(step, in, "agents", ChildCalls.Kind.AGENT, "agent_id", this::callAgent);
      case "cp__call_task" -> callTask(step, in);
      case "cp__call_tasks" ->
          many(step, in, "tasks", ChildCalls.Kind.TASK, "task_id", this::callTask);
      default ->
          throw new ToolFailure(
              "tool_not_found", "there is no built-in tool '" + step.toolId() + "'", false);
    };
  }

  private interface ChildCall {
    Map<String, Object> call(ToolStep step, Map<String, Object> in);
  }

  /** The most child calls of one plural call, and how many run at once. */
  static final int MAX_CHILD_CALLS = 100;

  static final int CHILD_CONCURRENCY = 8;

  /**
   * A plural {@code cp__call_*}: each entry of {@code field} (Compozy's name; {@code calls} is read
   * too) runs as its singular call, 8 at a time, results in the order asked; one that cannot start
   * is a failed result, not a failed call.
   */
  private Map<String, Object> many(
      ToolStep step,
      Map<String, Object> in,
      String field,
      ChildCalls.Kind kind,
      String idField,
      ChildCall one) {
    Object list = in.containsKey(field) ? in.get(field) : in.get("calls");
    if (!(list instanceof List<?> calls) || calls.isEmpty()) {
      throw new ToolFailure(
          "invalid_tool_input", "`" + field + "` must be a non-empty list", false);
    }
    if (calls.size() > MAX_CHILD_CALLS) {
      throw new ToolFailure(
          "invalid_tool_input",
          "`" + field + "` holds " + calls.size() + " calls; at most " + MAX_CHILD_CALLS,
          false);
    }
    long started = System.nanoTime();
    List<Map<String, Object>> results =
        Flux.fromIterable(calls)
            .flatMapSequential(
                c ->
                    Mono.fromCallable(
                            () -> {
                              long at = System.nanoTime();
                              try {
                                return one.call(step, asMap(c));
                              } catch (ToolFailure f) {
                                return ChildCalls.refused(
                                    kind,
                                    asMap(c).get(idField),
                                    f,
                                    Duration.ofNanos(System.nanoTime() - at).toMillis());
                              } catch (
                                  RuntimeException
                                      e) { // an unknown id, a start refused: this call's result,
                                // not the whole call's
                                return ChildCalls.refused(
                                    kind,
                                    asMap(c).get(idField),
                                    new ToolFailure(
                                        "call_failed", String.valueOf(e.getMessage()), false),
                                    Duration.ofNanos(System.nanoTime() - at).toMillis());
                              }
                            })
                        .subscribeOn(Schedulers.fromExecutor(threads)),
                CHILD_CONCURRENCY)
            .collectList()
            .block();
    return ChildCalls.summary(results, Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /**
   * The time a child call may take: what is left of this step, shortened by the call's {@code
   * timeout_ms}.
   */
  private Duration childTime(ToolStep step, Map<String, Object> in, String what) {
    Duration left = Duration.between(clock.instant(), step.deadline());
    if (left.isNegative() || left.isZero()) {
      throw new ToolFailure("tool_timeout", "no time left for the " + what, true);
    }
    Integer ms = integer(in, "timeout_ms", null);
    if (ms != null && ms < 0) {
      throw new ToolFailure("invalid_tool_input", "`timeout_ms` must be at least 0", false);
    }
    return ms == null || ms == 0 ? left : shorter(Duration.ofMillis(ms), left);
  }

  /**
   * A child's input: Compozy's {@code with} for tasks and agents, {@code input} for workflows
   * (either is read).
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> childInput(Map<String, Object> in, String field) {
    Object v =
        in.get(field) != null ? in.get(field) : in.get(field.equals("with") ? "input" : "with");
    if (v != null && !(v instanceof Map<?, ?>)) {
      throw new ToolFailure("invalid_tool_input", "`" + field + "` must be an object", false);
    }
    return v == null ? Map.of() : (Map<String, Object>) v;
  }

  private Map<String, Object> callWorkflow(ToolStep step, Map<String, Object> in) {
    String id = string(in, "workflow_id", null);
    Duration time = childTime(step, in, "child workflow");
    long started = System.nanoTime();
    Map<String, Object> end =
        workflows
            .runToEnd(
                id, childInput(in, "input"), optional(in, "initial_task_id"), step.execId(), time)
            .block();
    return ChildCalls.answer(
        ChildCalls.Kind.WORKFLOW,
        id,
        null,
        end,
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private Map<String, Object> callTask(ToolStep step, Map<String, Object> in) {
    String id = string(in, "task_id", null);
    Duration time = childTime(step, in, "task");
    long started = System.nanoTime();
    try {
      Map<String, Object> end =
          workflows.runTask(id, childInput(in, "with"), step.execId(), time).block();
      return ChildCalls.answer(
          ChildCalls.Kind.TASK,
          id,
          null,
          end,
          Duration.ofNanos(System.nanoTime() - started).toMillis());
    } catch (IllegalArgumentException e) {
      throw new ToolFailure("task_not_found", e.getMessage(), false);
    }
  }

  private Map<String, Object> callAgent(ToolStep step, Map<String, Object> in) {
    String agent = string(in, "agent_id", null);
    String action = optional(in, "action_id");
    String prompt = optional(in, "prompt");
    if (action == null && prompt == null) {
      throw new ToolFailure("invalid_tool_input", "give `action_id`, `prompt`, or both", false);
    }
    Duration time = childTime(step, in, "agent call");
    long started = System.nanoTime();
    Map<String, Object> end =
        workflows
            .runAgent(agent, action, prompt, childInput(in, "with"), step.execId(), time)
            .block();
    return ChildCalls.answer(
        ChildCalls.Kind.AGENT,
        agent,
        action,
        end,
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  @SuppressWarnings("unchecked")
  private Object http(ToolStep step, ToolDef def) throws Exception {
    Map<String, Object> scope = Map.of("input", step.input(), "config", step.config());
    String where = "http tool '" + def.id() + "'";
    String url = String.valueOf(render(def.url(), scope, where + " url"));
    String method =
        def.method() == null
            ? "GET"
            : String.valueOf(render(def.method(), scope, where + " method"))
                .toUpperCase(Locale.ROOT);
    Map<String, String> headers = new LinkedHashMap<>();
    if (def.headers() != null) {
      def.headers()
          .forEach(
              (k, v) -> headers.put(k, String.valueOf(render(v, scope, where + " header " + k))));
    }
    Object body = def.body() == null ? null : render(def.body(), scope, where + " body");
    String text = body == null ? null : body instanceof String s ? s : Json.write(body);
    if (body != null && !(body instanceof String)) {
      headers.putIfAbsent("Content-Type", "application/json");
    }
    // the project's own http tools may call its own network: they are configuration, not model
    // output
    WebFetch.Response r =
        web.fetch(
            method,
            url,
            headers,
            text,
            true,
            properties.fetchMaxBytes(),
            left(step, properties.fetchTimeout()),
            properties.fetchMaxRedirects());
    Object parsed = r.body();
    String type = r.headers().getOrDefault("content-type", "");
    if (type.contains("json") && !r.body().isBlank() && !r.truncated()) {
      try {
        parsed = Json.plain(r.body());
      } catch (RuntimeException keepText) {
        // answers that say JSON but are not stay text
      }
    }
    if (r.status() >= 400) {
      throw new ToolFailure(
          "http_error",
          def.id()
              + ": "
              + method
              + " "
              + url
              + " answered "
              + r.status()
              + ": "
              + abbreviate(r.body()),
          r.status() == 429 || r.status() >= 500);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", r.status());
    out.put("body", parsed);
    return out;
  }

  private @Nullable Object render(Object template, Map<String, Object> scope, String where) {
    try {
      return templates.render(template, scope);
    } catch (TemplateException e) {
      throw new ToolFailure("template_error", where + ": " + e.getMessage(), false);
    }
  }

  private FileTools files(ToolStep step) {
    return files.computeIfAbsent(root(step), r -> new FileTools(r, properties.maxOutputBytes()));
  }

  private Path root(ToolStep step) {
    return root(properties, step.runtime());
  }

  /**
   * The tools root: configured, else the folder of the runtime's entrypoint, else the project's
   * folder, else the working directory.
   */
  static Path root(ToolsProperties properties, @Nullable RuntimeSpec runtime) {
    if (properties.root() != null && !properties.root().isBlank()) {
      return Path.of(properties.root()).toAbsolutePath().normalize();
    }
    if (runtime != null && Path.of(runtime.entrypoint()).getParent() != null) {
      return Path.of(runtime.entrypoint()).getParent();
    }
    if (properties.projectDir() != null && !properties.projectDir().isBlank()) {
      return Path.of(properties.projectDir()).toAbsolutePath().normalize();
    }
    return Path.of("").toAbsolutePath();
  }

  private static String string(Map<String, Object> in, String field, @Nullable String fallback) {
    Object v = in.get(field);
    if (v == null) {
      if (fallback == null) {
        throw new ToolFailure("invalid_tool_input", "`" + field + "` is required", false);
      }
      return fallback;
    }
    return String.valueOf(v);
  }

  /**
   * Compozy's cp__fetch: {@code status_code}, {@code status_text}, {@code headers}, {@code body},
   * {@code body_truncated}, {@code duration_ms}.
   */
  private static Duration shorter(@Nullable Duration asked, Duration most) {
    return asked == null || asked.compareTo(most) > 0 ? most : asked;
  }

  private Map<String, Object> fetch(Map<String, Object> in, Duration most) throws Exception {
    Map<String, String> headers = headers(in.get("headers"));
    Object body = in.get("body");
    String text =
        switch (body) {
          case null -> null;
          case String str -> str;
          default -> {
            if (headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
              headers.put("Content-Type", "application/json");
            }
            yield Json.write(body); // objects are sent as JSON, as Compozy sends them
          }
        };
    Duration timeout = shorter(millis(in, "timeout_ms"), most);
    long started = System.nanoTime();
    WebFetch.Response r =
        web.fetch(
            string(in, "method", "GET").toUpperCase(Locale.ROOT),
            string(in, "url", null),
            headers,
            text,
            properties.fetchAllowPrivate(),
            properties.fetchMaxBytes(),
            timeout,
            properties.fetchMaxRedirects());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status_code", r.status());
    out.put("status_text", WebFetch.statusText(r.status()));
    out.put("headers", r.headers());
    out.put("body", r.body());
    out.put("body_truncated", r.truncated());
    out.put("duration_ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    return out;
  }

  private static @Nullable String optional(Map<String, Object> in, String field) {
    Object v = in.get(field);
    if (v != null && !(v instanceof String)) {
      throw new ToolFailure("invalid_tool_input", "`" + field + "` must be a string", false);
    }
    return (String) v;
  }

  private static boolean flag(Map<String, Object> in, String field, boolean fallback) {
    Object v = in.get(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw new ToolFailure("invalid_tool_input", "`" + field + "` must be true or false", false);
    }
    return b;
  }

  private static @Nullable Integer integer(
      Map<String, Object> in, String field, @Nullable Integer fallback) {
    Object v = in.get(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
      throw new ToolFailure("invalid_tool_input", "`" + field + "` must be an integer", false);
    }
    return n.intValue();
  }

  private static @Nullable Duration millis(Map<String, Object> in, String field) {
    Integer ms = integer(in, field, null);
    if (ms != null && ms < 1) {
      throw new ToolFailure("invalid_tool_input", "`" + field + "` must be at least 1", false);
    }
    return ms == null ? null : Duration.ofMillis(ms);
  }

  /**
   * Compozy's rule for sizes and counts: none or not positive is the default, past the most is the
   * most.
   */
  private static int clamp(int asked, int most) {
    return asked <= 0 ? most : Math.min(asked, most);
  }

  private static int pageSize(int asked) {
    return asked <= 0 ? FileTools.DEFAULT_PAGE_SIZE : Math.min(asked, FileTools.MAX_VISITED);
  }

  private static int pageToken(@Nullable String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(token);
      if (offset < 0) {
        throw new ToolFailure("invalid_tool_input", "page token must be non-negative", false);
      }
      return offset;
    } catch (NumberFormatException e) {
      throw new ToolFailure(
          "invalid_tool_input", "invalid page token '" + abbreviate(token) + "'", false);
    }
  }

  private static List<String> strings(Map<String, Object> in, String field) {
    Object v = in.get(field);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l) || l.stream().anyMatch(x -> !(x instanceof String))) {
      throw new ToolFailure(
          "invalid_tool_input", "`" + field + "` must be a list of strings", false);
    }
    return l.stream().map(String.class::cast).toList();
  }

  private static Map<String, String> stringMap(Map<String, Object> in, String field) {
    Object v = in.get(field);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m) || m.values().stream().anyMatch(x -> !(x instanceof String))) {
      throw new ToolFailure(
          "invalid_tool_input", "`" + field + "` must be an object of strings", false);
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, x) -> out.put(String.valueOf(k), (String) x));
    return out;
  }

  private static Map<String, String> headers(@Nullable Object value) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  @Override
  public void destroy() {
    threads.shutdownNow();
  }
}
