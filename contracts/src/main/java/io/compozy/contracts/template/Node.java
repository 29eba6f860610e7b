package io.compozy.contracts.template;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The parse tree of a template, shaped like Go's text/template/parse nodes. {@code toString} gives
 * Go's text of each node, which execution errors quote ("at &lt;.a.b&gt;").
 */
sealed interface Node {
  int pos();

  // --- structure ---

  record ListNode(int pos, List<Node> nodes) implements Node {
    @Override
    public String toString() {
      return nodes.stream().map(Object::toString).collect(Collectors.joining());
    }
  }

  record TextNode(int pos, String text) implements Node {
    @Override
    public String toString() {
      return text;
    }
  }

  record CommentNode(int pos, String text) implements Node {
    @Override
    public String toString() {
      return "{{" + text + "}}";
    }
  }

  record ActionNode(int pos, int line, PipeNode pipe) implements Node {
    @Override
    public String toString() {
      return "{{" + pipe + "}}";
    }
  }

  /** The closed set of branching actions. */
  enum Branch {
    IF,
    WITH,
    RANGE;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  record BranchNode(
      Branch kind, int pos, int line, PipeNode pipe, ListNode list, @Nullable ListNode elseList)
      implements Node {
    @Override
    public String toString() {
      String s = "{{" + kind.word() + " " + pipe + "}}" + list;
      if (elseList != null) {
        s += "{{else}}" + elseList;
      }
      return s + "{{end}}";
    }
  }

  record BreakNode(int pos, int line) implements Node {
    @Override
    public String toString() {
      return "{{break}}";
    }
  }

  record ContinueNode(int pos, int line) implements Node {
    @Override
    public String toString() {
      return "{{continue}}";
    }
  }

  record TemplateNode(int pos, int line, String name, @Nullable PipeNode pipe) implements Node {
    @Override
    public String toString() {
      return pipe == null
          ? "{{template " + GoQuote.quote(name) + "}}"
          : "{{template " + GoQuote.quote(name) + " " + pipe + "}}";
    }
  }

  /** Parser-internal markers for {{end}} and {{else}}; never in a finished tree. */
  record EndNode(int pos) implements Node {
    @Override
    public String toString() {
      return "{{end}}";
    }
  }

  record ElseNode(int pos, int line) implements Node {
    @Override
    public String toString() {
      return "{{else}}";
    }
  }

  // --- pipelines and operands ---

  record PipeNode(
      int pos, int line, boolean isAssign, List<VariableNode> decl, List<CommandNode> cmds)
      implements Node {
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      if (!decl.isEmpty()) {
        s.append(decl.stream().map(Object::toString).collect(Collectors.joining(", ")))
            .append(" := ");
      }
      return s.append(cmds.stream().map(Object::toString).collect(Collectors.joining(" | ")))
          .toString();
    }
  }

  record CommandNode(int pos, List<Node> args) implements Node {
    @Override
    public String toString() {
      return args.stream()
          .map(a -> a instanceof PipeNode ? "(" + a + ")" : a.toString())
          .collect(Collectors.joining(" "));
    }
  }

  record FieldNode(int pos, List<String> ident) implements Node {
    @Override
    public String toString() {
      return ident.stream().map(i -> "." + i).collect(Collectors.joining());
    }
  }

  record VariableNode(int pos, List<String> ident) implements Node {
    @Override
    public String toString() {
      return String.join(".", ident);
    }
  }

  record ChainNode(int pos, Node node, List<String> field) implements Node {
    @Override
    public String toString() {
      String s = node instanceof PipeNode ? "(" + node + ")" : node.toString();
      return s + field.stream().map(f -> "." + f).collect(Collectors.joining());
    }
  }

  record IdentifierNode(int pos, String ident) implements Node {
    @Override
    public String toString() {
      return ident;
    }
  }

  record DotNode(int pos) implements Node {
    @Override
    public String toString() {
      return ".";
    }
  }

  record NilNode(int pos) implements Node {
    @Override
    public String toString() {
      return "nil";
    }
  }

  record BoolNode(int pos, boolean value) implements Node {
    @Override
    public String toString() {
      return value ? "true" : "false";
    }
  }

  record StringNode(int pos, String quoted, String text) implements Node {
    @Override
    public String toString() {
      return quoted;
    }
  }

  /**
   * A number literal with every reading Go allows: as an int, an unsigned int and a float (a char
   * constant 'a' is all three); {@code text} is as written.
   */
  record NumberNode(
      int pos,
      String text,
      boolean isInt,
      boolean isUint,
      boolean isFloat,
      boolean isComplex,
      long intValue,
      double floatValue,
      double imaginary)
      implements Node {
    @Override
    public String toString() {
      return text;
    }
  }
}
