package io.compozy.workflow.engine;

import java.util.List;

/** The result of one decision: the new state and the effects to carry out. */
public record Transition(ExecutionState state, List<Effect> effects) {
  public Transition {
    effects = List.copyOf(effects);
  }

  public static Transition unchanged(ExecutionState state) {
    return new Transition(state, List.of());
  }

  public boolean changed(ExecutionState before) {
    return !effects.isEmpty() || !state.equals(before);
  }
}
