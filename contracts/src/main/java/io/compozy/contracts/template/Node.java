package io.compozy.contracts.template;

import java.util.List;

/** The parse tree of a template. */
sealed interface Node {
  record Text(String text) implements Node {}

  record Action(int pos, Pipeline pipeline) implements Node {}

  record If(int pos, Pipeline condition, List<Node> then, List<Node> otherwise) implements Node {}

  record With(int pos, Pipeline value, List<Node> body, List<Node> otherwise) implements Node {}

  record Range(int pos, Pipeline value, List<Node> body, List<Node> otherwise) implements Node {}

  record Break(int pos) implements Node {}

  record Continue(int pos) implements Node {}

  /** {@code $a, $b := cmd | cmd}: declared (or assigned) variables and the commands. */
  record Pipeline(int pos, List<String> variables, boolean assign, List<Command> commands) {}

  /** One command of a pipeline: a function call or a single operand. */
  record Command(int pos, List<Operand> operands) {}

  sealed interface Operand {
    int pos();
  }

  record Field(int pos, List<String> path) implements Operand {}

  record Variable(int pos, String name, List<String> path) implements Operand {}

  record Dot(int pos) implements Operand {}

  record Function(int pos, String name) implements Operand {}

  record Literal(int pos, Object value) implements Operand {}

  record Nil(int pos) implements Operand {}

  record SubPipeline(int pos, Pipeline pipeline, List<String> path) implements Operand {}
}
