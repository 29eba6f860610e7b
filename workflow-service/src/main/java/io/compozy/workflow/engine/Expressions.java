package io.compozy.workflow.engine;

import io.compozy.contracts.condition.ConditionException;
import io.compozy.contracts.condition.Conditions;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.contracts.template.TemplateException;
import io.compozy.contracts.template.TemplateRenderer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Templates, conditions and schemas as the engine uses them: failures become values. */
final class Expressions {
  final TemplateRenderer templates = new TemplateRenderer();
  final Conditions conditions = new Conditions();
  final JsonSchemas schemas = new JsonSchemas();

  /** Thrown inside a decision when an expression fails; caught where the task fails. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient StepError error;

    Failure(StepError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  @Nullable Object render(@Nullable Object value, Map<String, ?> scope, String where) {
    try {
      return templates.render(value, scope);
    } catch (TemplateException e) {
      throw new Failure(new StepError("template_error", where + ": " + e.getMessage()));
    }
  }

  boolean test(String expression, Map<String, ?> scope, String where) {
    try {
      return conditions.test(expression, scope, loopVariables(scope));
    } catch (ConditionException e) {
      throw new Failure(new StepError("condition_error", where + ": " + e.getMessage()));
    }
  }

  boolean test(String expression, Map<String, ?> scope, Set<String> extra, String where) {
    try {
      return conditions.test(expression, scope, extra);
    } catch (ConditionException e) {
      throw new Failure(new StepError("condition_error", where + ": " + e.getMessage()));
    }
  }

  /** Names a collection's item scope adds beyond the standard ones (its item_var and index_var). */
  private static Set<String> loopVariables(Map<String, ?> scope) {
    Set<String> extra = new HashSet<>();
    for (String name : scope.keySet()) {
      if (!Conditions.VARIABLES.contains(name)
          && name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")
          && extra.size() < 8) {
        extra.add(name);
      }
    }
    return extra;
  }

  @Nullable Object evaluate(String expression, Map<String, ?> scope, String where) {
    try {
      return conditions.evaluate(expression, scope, loopVariables(scope));
    } catch (ConditionException e) {
      throw new Failure(new StepError("condition_error", where + ": " + e.getMessage()));
    }
  }
}
