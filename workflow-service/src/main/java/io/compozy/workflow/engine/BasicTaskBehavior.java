package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.BasicTask;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.ToolStep;
import io.compozy.contracts.schema.Violation;
import io.compozy.contracts.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A basic task runs a tool on a worker (agents and prompts come with the workers issue). */
final class BasicTaskBehavior implements TaskBehavior {
  static final Duration DEFAULT_START_TO_CLOSE = Duration.ofMinutes(5);
  private final Expressions expressions;

  BasicTaskBehavior(Expressions expressions) {
    this.expressions = expressions;
  }

  @Override
  public Entry enter(TaskDef def, ExecutionState state, WorkflowContext ctx, Map<String, Object> scope, int attempt, Instant now) {
    BasicTask task = (BasicTask) def;
    if (task.tool() == null) {
      return new Entry.Failed(null, new StepError("not_supported",
          "task '" + task.id() + "': only tool tasks run in this version (agent and prompt tasks come with the agent workers)"));
    }
    ToolDef tool = ctx.tool(task.tool()).orElse(null);
    if (tool == null) {
      return new Entry.Failed(null, new StepError("tool_not_found", "task '" + task.id() + "': tool '" + task.tool() + "' is not defined"));
    }
    Map<String, Object> with = new LinkedHashMap<>();
    if (tool.with() != null) {
      with.putAll(tool.with());
    }
    if (task.with() != null) {
      with.putAll(task.with());
    }
    Object input = expressions.render(with, scope, "task '" + task.id() + "' with");
    if (tool.input() != null) {
      List<Violation> violations = expressions.schemas.validate(tool.input(), input, "");
      if (!violations.isEmpty()) {
        return new Entry.Failed(input, new StepError("invalid_tool_input",
            "task '" + task.id() + "': input for tool '" + tool.id() + "' is invalid: " + violations));
      }
    }
    String stepId = state.execId() + "/" + task.id() + "/" + attempt;
    @SuppressWarnings("unchecked")
    ToolStep step = new ToolStep(
        "step:" + stepId, state.execId(), state.workflowId(), task.id(), stepId, attempt, tool.id(),
        (Map<String, Object>) input, tool.config() == null ? Map.of() : tool.config(), ctx.runtime(),
        now.plus(DEFAULT_START_TO_CLOSE));
    return new Entry.Dispatched(input, new Effect.DispatchStep(Topics.STEPS_TOOL, state.execId(), step.messageId(), step));
  }
}
