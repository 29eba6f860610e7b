package io.compozy.execution.run;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.AgentDef;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.id.ExecutionIds;
import io.compozy.contracts.json.Json;
import io.compozy.support.catalog.ResourceCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs a workflow to its end from inside the platform (the {@code cp__call_workflow} tools): the
 * same start as the API's, by the calling execution, then its result once it ended.
 */
@Component
public class WorkflowRuns {
  private final ExecutionStarter starter;
  private final SyncWaiter waiter;
  private final ExecutionReader reader;
  private final ResourceCatalog catalog;

  WorkflowRuns(
      ExecutionStarter starter,
      SyncWaiter waiter,
      ExecutionReader reader,
      ResourceCatalog catalog) {
    this.catalog = catalog;
    this.starter = starter;
    this.waiter = waiter;
    this.reader = reader;
  }

  /**
   * {@code {exec_id, status, output, error}} of the child execution; a child still running at the
   * timeout is an error.
   */
  public Mono<Map<String, Object>> runToEnd(
      String workflowId,
      @Nullable Map<String, Object> input,
      String parentExecId,
      Duration timeout) {
    return runToEnd(workflowId, input, null, parentExecId, timeout);
  }

  /** As above, starting at {@code initialTaskId} when given (Compozy's {@code initial_task_id}). */
  public Mono<Map<String, Object>> runToEnd(
      String workflowId,
      @Nullable Map<String, Object> input,
      @Nullable String initialTaskId,
      String parentExecId,
      Duration timeout) {
    String execId = ExecutionIds.next();
    return awaitEnd(
        workflowId,
        execId,
        timeout,
        () ->
            starter.start(
                workflowId,
                new StartRequest(input == null ? Map.of() : input, initialTaskId, null),
                null,
                "parent:" + parentExecId,
                null,
                execId));
  }

  /**
   * Starts a workflow (as the API does) and answers its execution id; a repeated key answers the
   * same execution.
   */
  public Mono<String> start(
      String workflowId,
      Map<String, Object> input,
      @Nullable String idempotencyKey,
      String requestId) {
    return Mono.defer(
            () ->
                starter.start(
                    workflowId,
                    new StartRequest(input, null, null),
                    null,
                    requestId,
                    idempotencyKey))
        .map(outcome -> outcome.execution().execId());
  }

  /** Compozy's cp__list_agents: each agent of the project with the ids of its actions. */
  public Map<String, Object> listAgents() {
    List<Map<String, Object>> agents = new ArrayList<>();
    for (ResourceDocument d : catalog.documents(ResourceKinds.AGENT)) {
      catalog
          .agent(d.id())
          .ifPresent(
              a -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("agent_id", a.id());
                if (!a.actionsOrEmpty().isEmpty()) {
                  entry.put(
                      "actions", a.actionsOrEmpty().stream().map(AgentDef.ActionDef::id).toList());
                }
                agents.add(entry);
              });
    }
    agents.sort(Comparator.comparing(a -> String.valueOf(a.get("agent_id"))));
    return Map.of("agents", agents);
  }

  /**
   * Compozy's cp__describe_agent: the agent's actions with their prompts; empty when there is no
   * such agent.
   */
  public Optional<Map<String, Object>> describeAgent(String agentId) {
    return catalog
        .agent(agentId)
        .map(
            a -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("agent_id", a.id());
              List<Map<String, Object>> actions = new ArrayList<>();
              for (AgentDef.ActionDef action : a.actionsOrEmpty()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", action.id());
                if (action.prompt() != null && !action.prompt().isEmpty()) {
                  entry.put("prompt", action.prompt());
                }
                actions.add(entry);
              }
              if (!actions.isEmpty()) {
                out.put("actions", actions);
              }
              return out;
            });
  }

  public Mono<Map<String, Object>> runAgent(
      String agentId,
      @Nullable String actionId,
      @Nullable String prompt,
      @Nullable Map<String, Object> input,
      String parentExecId,
      Duration timeout) {
    WorkflowDef wf = OneTaskWorkflows.agent(agentId, actionId, prompt, input);
    String execId = ExecutionIds.next();
    return awaitEnd(
        wf.id(),
        execId,
        timeout,
        () -> starter.startDefinition(wf, Map.of(), "parent:" + parentExecId, execId));
  }

  /**
   * Runs a stored task definition (registry kind {@code tasks}) as an execution of its own: the
   * task, its {@code with} merged under {@code input}, in a one-task workflow kept with the
   * execution.
   */
  @SuppressWarnings("unchecked")
  public Mono<Map<String, Object>> runTask(
      String taskId, @Nullable Map<String, Object> input, String parentExecId, Duration timeout) {
    Map<String, Object> stored =
        catalog
            .document(ResourceKinds.TASK, taskId)
            .map(d -> (Map<String, Object>) Json.MAPPER.convertValue(d.body(), Map.class))
            .orElseThrow(() -> new IllegalArgumentException("no stored task '" + taskId + "'"));
    WorkflowDef wf = OneTaskWorkflows.task(taskId, stored, input);
    String id = wf.id();
    String execId = ExecutionIds.next();
    return awaitEnd(
        id,
        execId,
        timeout,
        () -> starter.startDefinition(wf, Map.of(), "parent:" + parentExecId, execId));
  }

  private Mono<Map<String, Object>> awaitEnd(
      String workflowId,
      String execId,
      Duration timeout,
      Supplier<Mono<ExecutionStarter.Outcome>> start) {
    return Mono.defer(() -> waiter.startAndAwait(execId, start, timeout))
        .flatMap(reader::read)
        .map(
            e -> {
              if (!e.isFinished()) {
                throw new IllegalStateException(
                    "workflow '"
                        + workflowId
                        + "' ("
                        + e.execId()
                        + ") did not end within "
                        + timeout.toSeconds()
                        + " s");
              }
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("exec_id", e.execId());
              out.put("status", e.status().wireName());
              out.put("output", e.output());
              out.put("error", e.error());
              return out;
            });
  }
}
