package io.compozy.contracts.template;

import io.compozy.contracts.template.Node.Command;
import io.compozy.contracts.template.Node.Operand;
import io.compozy.contracts.template.Node.Pipeline;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A parsed Go text/template with {@code missingkey=error}. Immutable and safe to share: render it
 * as often as needed with different data.
 */
public final class Template {
  private final String source;
  private final List<Node> nodes;

  private Template(String source, List<Node> nodes) {
    this.source = source;
    this.nodes = List.copyOf(nodes);
  }

  /** Parses a template, or throws {@link TemplateException} naming the line and column. */
  public static Template parse(String source) {
    return new Template(source, Parser.parse(source, Functions.ALL.keySet()));
  }

  public String source() {
    return source;
  }

  /** True when the template is exactly one action, so its value can be taken raw. */
  public boolean isSingleAction() {
    return nodes.size() == 1 && nodes.getFirst() instanceof Node.Action a && a.pipeline().variables().isEmpty();
  }

  /** Renders to text. */
  public String render(Map<String, ?> data) {
    StringBuilder out = new StringBuilder();
    new Execution(data).walk(nodes, data, out);
    return out.toString();
  }

  /** The raw value of a single-action template (an object stays an object). */
  public @Nullable Object evaluate(Map<String, ?> data) {
    if (!isSingleAction()) {
      return render(data);
    }
    Node.Action action = (Node.Action) nodes.getFirst();
    return new Execution(data).pipeline(action.pipeline(), data);
  }

  private static final class BreakSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final BreakSignal INSTANCE = new BreakSignal();

    private BreakSignal() {
      super(null, null, false, false);
    }
  }

  private static final class ContinueSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final ContinueSignal INSTANCE = new ContinueSignal();

    private ContinueSignal() {
      super(null, null, false, false);
    }
  }

  /** The state of one rendering: the variable stack. */
  private final class Execution {
    private final List<String> names = new ArrayList<>();
    private final List<@Nullable Object> values = new ArrayList<>();

    Execution(Map<String, ?> root) {
      push("$", root);
    }

    void walk(List<Node> list, @Nullable Object dot, StringBuilder out) {
      for (Node node : list) {
        switch (node) {
          case Node.Text t -> out.append(t.text());
          case Node.Action a -> {
            Object v = pipeline(a.pipeline(), dot);
            if (a.pipeline().variables().isEmpty()) {
              out.append(Values.print(v));
            }
          }
          case Node.If n -> {
            int mark = names.size();
            boolean truth = Values.isTrue(pipeline(n.condition(), dot));
            walk(truth ? n.then() : n.otherwise(), dot, out);
            pop(mark);
          }
          case Node.With n -> {
            int mark = names.size();
            Object v = pipeline(n.value(), dot);
            if (Values.isTrue(v)) {
              walk(n.body(), v, out);
            } else {
              walk(n.otherwise(), dot, out);
            }
            pop(mark);
          }
          case Node.Range n -> range(n, dot, out);
          case Node.Break b -> throw BreakSignal.INSTANCE;
          case Node.Continue c -> throw ContinueSignal.INSTANCE;
        }
      }
    }

    private void range(Node.Range n, @Nullable Object dot, StringBuilder out) {
      int mark = names.size();
      Object v = pipeline(n.value(), dot);
      List<Map.Entry<Object, Object>> entries = new ArrayList<>();
      switch (v) {
        case null -> {}
        case Map<?, ?> m -> new TreeMap<Object, Object>(m).forEach((k, x) -> entries.add(Map.entry(k, box(x))));
        case Collection<?> c -> {
          long i = 0;
          for (Object x : c) {
            entries.add(Map.entry(i++, box(x)));
          }
        }
        case Long count -> {
          for (long i = 0; i < count; i++) {
            entries.add(Map.entry(i, i));
          }
        }
        case Integer count -> {
          for (long i = 0; i < count; i++) {
            entries.add(Map.entry(i, i));
          }
        }
        default -> throw at(n.pos(), "range can't iterate over " + Values.print(v));
      }
      if (entries.isEmpty()) {
        walk(n.otherwise(), dot, out);
        pop(mark);
        return;
      }
      List<String> vars = n.value().variables();
      int bodyMark = names.size();
      for (Map.Entry<Object, Object> e : entries) {
        Object item = unbox(e.getValue());
        if (vars.size() == 1) {
          set(vars.getFirst(), item);
        } else if (vars.size() == 2) {
          set(vars.get(0), e.getKey());
          set(vars.get(1), item);
        }
        try {
          walk(n.body(), item, out);
        } catch (BreakSignal b) {
          break;
        } catch (ContinueSignal c) {
          // next item
        } finally {
          pop(bodyMark);
        }
      }
      pop(mark);
    }

    @Nullable Object pipeline(Pipeline p, @Nullable Object dot) {
      Object value = null;
      boolean hasValue = false;
      for (Command c : p.commands()) {
        value = command(c, dot, value, hasValue);
        hasValue = true;
      }
      for (String v : p.variables()) {
        if (p.assign()) {
          assign(v, value, p.pos());
        } else {
          push(v, value);
        }
      }
      return value;
    }

    private @Nullable Object command(Command c, @Nullable Object dot, @Nullable Object piped, boolean hasPiped) {
      Operand first = c.operands().getFirst();
      if (first instanceof Node.Function f) {
        List<@Nullable Object> args = new ArrayList<>();
        for (Operand o : c.operands().subList(1, c.operands().size())) {
          args.add(operand(o, dot));
        }
        if (hasPiped) {
          args.add(piped);
        }
        try {
          return Functions.ALL.get(f.name()).apply(args);
        } catch (TemplateException e) {
          throw at(f.pos(), e.getMessage());
        } catch (RuntimeException e) {
          throw at(f.pos(), "error calling " + f.name() + ": " + e.getMessage());
        }
      }
      if (c.operands().size() > 1 || hasPiped) {
        throw at(first.pos(), "can't give argument to non-function " + describe(first));
      }
      return operand(first, dot);
    }

    private @Nullable Object operand(Operand o, @Nullable Object dot) {
      return switch (o) {
        case Node.Field f -> fields(dot, f.path(), f.pos(), "");
        case Node.Variable v -> fields(lookup(v.name(), v.pos()), v.path(), v.pos(), v.name());
        case Node.Dot d -> dot;
        case Node.Literal l -> l.value();
        case Node.Nil n -> throw at(n.pos(), "nil is not a command");
        case Node.SubPipeline s -> fields(pipeline(s.pipeline(), dot), s.path(), s.pos(), "(...)");
        case Node.Function f -> command(new Command(f.pos(), List.of(f)), dot, null, false);
      };
    }

    private @Nullable Object fields(@Nullable Object base, List<String> path, int pos, String prefix) {
      Object v = base;
      StringBuilder seen = new StringBuilder(prefix);
      for (String name : path) {
        seen.append('.').append(name);
        switch (v) {
          // a null (a task that did not run, a JSON null) has only empty fields, so default applies
          case null -> {}
          case Map<?, ?> m -> {
            if (!m.containsKey(name)) {
              throw at(pos, "executing \"" + seen + "\": map has no entry for key \"" + name + "\"");
            }
            v = m.get(name);
          }
          default -> throw at(pos, "can't evaluate field " + name + " in type " + Values.kind(v));
        }
      }
      return v;
    }

    private @Nullable Object lookup(String name, int pos) {
      for (int i = names.size() - 1; i >= 0; i--) {
        if (names.get(i).equals(name)) {
          return values.get(i);
        }
      }
      throw at(pos, "undefined variable: " + name);
    }

    private void assign(String name, @Nullable Object value, int pos) {
      for (int i = names.size() - 1; i >= 0; i--) {
        if (names.get(i).equals(name)) {
          values.set(i, value);
          return;
        }
      }
      throw at(pos, "undefined variable: " + name);
    }

    private void push(String name, @Nullable Object value) {
      names.add(name);
      values.add(value);
    }

    private void set(String name, @Nullable Object value) {
      push(name, value);
    }

    private void pop(int mark) {
      while (names.size() > mark) {
        names.removeLast();
        values.removeLast();
      }
    }

    private TemplateException at(int pos, String message) {
      if (message != null && message.startsWith("template ")) {
        return new TemplateException(message);
      }
      return TemplateException.at(source, pos, message);
    }
  }

  private static String describe(Operand o) {
    return switch (o) {
      case Node.Field f -> "." + String.join(".", f.path());
      case Node.Variable v -> v.name();
      case Node.Literal l -> String.valueOf(l.value());
      default -> o.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static final Object NULL = new Object();

  private static Object box(@Nullable Object v) {
    return v == null ? NULL : v;
  }

  private static @Nullable Object unbox(Object v) {
    return v == NULL ? null : v;
  }
}
