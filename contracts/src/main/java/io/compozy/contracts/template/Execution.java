package io.compozy.contracts.template;

import io.compozy.contracts.template.GoFunction.Param;
import io.compozy.contracts.template.Node.BranchNode;
import io.compozy.contracts.template.Node.ChainNode;
import io.compozy.contracts.template.Node.CommandNode;
import io.compozy.contracts.template.Node.FieldNode;
import io.compozy.contracts.template.Node.IdentifierNode;
import io.compozy.contracts.template.Node.ListNode;
import io.compozy.contracts.template.Node.NumberNode;
import io.compozy.contracts.template.Node.PipeNode;
import io.compozy.contracts.template.Node.VariableNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One rendering of a template, following Go's text/template exec: the variable stack, dot, field
 * chains, function calls with Go's argument checks, and errors located at the node that failed.
 * Bounded: template calls nest at most {@link #MAX_TEMPLATE_DEPTH} deep, a rendering takes at most
 * {@link #MAX_STEPS} steps and writes at most {@link #MAX_OUTPUT} characters.
 */
final class Execution {
  static final int MAX_TEMPLATE_DEPTH = 1000;
  static final long MAX_STEPS = 10_000_000;
  static final int MAX_OUTPUT = 10 * 1024 * 1024;

  /** A value with whether Go would hold it in an interface (an element of a map or a list). */
  record Val(@Nullable Object value, boolean boxed) {
    static final Val INVALID = new Val(null, false);

    static Val of(@Nullable Object v) {
      return v == null ? INVALID : new Val(v, false);
    }

    String typeName() {
      return boxed ? "interface {}" : GoValues.typeName(value);
    }
  }

  /** Stands for "no piped value" (Go's missingVal). */
  private static final Val MISSING = new Val(new Object(), false);

  private static final class Break extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Break INSTANCE = new Break();

    private Break() {
      super(null, null, false, false);
    }
  }

  private static final class Continue extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Continue INSTANCE = new Continue();

    private Continue() {
      super(null, null, false, false);
    }
  }

  private final Template template;
  private final StringBuilder out;
  private final List<String> names = new ArrayList<>();
  private final List<Val> values = new ArrayList<>();
  private String executing;
  private @Nullable Object root;
  private final GoFunction.Writes writes = new GoFunction.Writes();
  private Node at;
  private int depth;
  private long steps;

  Execution(Template template, StringBuilder out) {
    this.template = template;
    this.out = out;
    this.executing = template.name();
  }

  void run(ListNode tree, @Nullable Object data) {
    root = data;
    Val dot = Val.of(data);
    push("$", dot);
    walk(dot, tree);
  }

  /** The value of a template that is a single action, unprinted. */
  @Nullable Object evaluate(Node.ActionNode action, @Nullable Object data) {
    root = data;
    Val dot = Val.of(data);
    push("$", dot);
    return evalPipeline(dot, action.pipe());
  }

  // --- walking ---

  private void walk(Val dot, Node node) {
    if (++steps > MAX_STEPS) {
      throw errorf("template takes more than " + MAX_STEPS + " steps");
    }
    switch (node) {
      case Node.ActionNode a -> {
        Object v = evalPipeline(dot, a.pipe());
        if (a.pipe().decl().isEmpty()) {
          at = a;
          write(v == null ? "<no value>" : GoFmt.print(v));
        }
      }
      case Node.BreakNode b -> throw Break.INSTANCE;
      case Node.ContinueNode c -> throw Continue.INSTANCE;
      case Node.CommentNode c -> {}
      case BranchNode b when b.kind() == Node.Branch.RANGE -> walkRange(dot, b);
      case BranchNode b -> walkIfOrWith(dot, b);
      case ListNode l -> {
        for (Node n : l.nodes()) {
          walk(dot, n);
        }
      }
      case Node.TemplateNode t -> walkTemplate(dot, t);
      case Node.TextNode t -> write(t.text());
      default -> throw errorf("unknown node: " + node);
    }
  }

  private void write(String s) {
    if (out.length() + s.length() > MAX_OUTPUT) {
      throw errorf("template output exceeds " + MAX_OUTPUT + " characters");
    }
    out.append(s);
  }

  private void walkIfOrWith(Val dot, BranchNode b) {
    int mark = names.size();
    try {
      Object v = evalPipeline(dot, b.pipe());
      if (GoValues.truth(v)) {
        walk(b.kind() == Node.Branch.WITH ? Val.of(v) : dot, b.list());
      } else if (b.elseList() != null) {
        walk(dot, b.elseList());
      }
    } finally {
      pop(mark);
    }
  }

  private void walkRange(Val dot, BranchNode r) {
    at = r;
    int mark = names.size();
    try {
      Object v = evalPipeline(dot, r.pipe());
      int bodyMark = names.size();
      int vars = r.pipe().decl().size();
      boolean ran = false;
      try {
        switch (v) {
          case List<?> list -> {
            boolean boxed = !(list instanceof GoValues.Slice);
            for (int i = 0; i < list.size(); i++) {
              ran = true;
              if (!iteration(r, vars, bodyMark, Val.of((long) i), new Val(list.get(i), boxed))) {
                break;
              }
            }
          }
          case Map<?, ?> map -> {
            for (Map.Entry<?, ?> e : GoValues.sortedEntries(map)) {
              ran = true;
              if (!iteration(r, vars, bodyMark, Val.of(e.getKey()), new Val(e.getValue(), true))) {
                break;
              }
            }
          }
          case null -> {}
          default -> {
            if (GoValues.isInt(v)) {
              // Go 1.22 ranges over an integer: 0 … n-1
              if (vars > 1) {
                throw errorf(
                    "can't use " + GoFmt.print(v) + " to iterate over more than one variable");
              }
              long n = ((Number) v).longValue();
              for (long i = 0; i < n; i++) {
                ran = true;
                if (!iteration(r, vars, bodyMark, Val.of(i), Val.of(i))) {
                  break;
                }
              }
            } else {
              throw errorf("range can't iterate over " + GoFmt.print(v));
            }
          }
        }
      } finally {
        pop(bodyMark);
      }
      if (!ran && r.elseList() != null) {
        walk(dot, r.elseList());
      }
    } finally {
      pop(mark);
    }
  }

  /** One pass of a range body; false after {{break}}. */
  private boolean iteration(BranchNode r, int vars, int mark, Val index, Val element) {
    if (vars > 0) {
      setTop(1, element);
    }
    if (vars > 1) {
      setTop(2, index);
    }
    try {
      walk(element, r.list());
    } catch (Break b) {
      return false;
    } catch (Continue c) {
      // next element
    } finally {
      pop(mark);
    }
    return true;
  }

  private void walkTemplate(Val dot, Node.TemplateNode t) {
    at = t;
    ListNode tree = template.tree(t.name());
    if (tree == null) {
      throw errorf("template " + GoQuote.quote(t.name()) + " not defined");
    }
    if (depth >= MAX_TEMPLATE_DEPTH) {
      throw errorf("exceeded maximum template depth (" + MAX_TEMPLATE_DEPTH + ")");
    }
    Val newDot = t.pipe() == null ? Val.INVALID : Val.of(evalPipeline(dot, t.pipe()));
    String savedName = executing;
    List<String> savedNames = new ArrayList<>(names);
    List<Val> savedValues = new ArrayList<>(values);
    names.clear();
    values.clear();
    push("$", newDot);
    executing = t.name();
    depth++;
    try {
      walk(newDot, tree);
    } finally {
      depth--;
      executing = savedName;
      names.clear();
      values.clear();
      names.addAll(savedNames);
      values.addAll(savedValues);
    }
  }

  // --- evaluation ---

  private @Nullable Object evalPipeline(Val dot, PipeNode pipe) {
    at = pipe;
    Val value = MISSING;
    for (CommandNode cmd : pipe.cmds()) {
      value = evalCommand(dot, cmd, value);
      // an interface value is unwrapped to what it holds (a nil one to no value)
      if (value.boxed()) {
        value = Val.of(value.value());
      }
    }
    for (VariableNode v : pipe.decl()) {
      if (pipe.isAssign()) {
        setVar(v.ident().getFirst(), value);
      } else {
        push(v.ident().getFirst(), value);
      }
    }
    return value.value();
  }

  private Val evalCommand(Val dot, CommandNode cmd, Val last) {
    Node first = cmd.args().getFirst();
    switch (first) {
      case FieldNode f -> {
        return evalFieldNode(dot, f, cmd.args(), last);
      }
      case ChainNode c -> {
        return evalChainNode(dot, c, cmd.args(), last);
      }
      case IdentifierNode i -> {
        return evalFunction(dot, i, cmd, cmd.args(), last);
      }
      case PipeNode p -> {
        notAFunction(cmd.args(), last);
        return Val.of(evalPipeline(dot, p));
      }
      case VariableNode v -> {
        return evalVariableNode(dot, v, cmd.args(), last);
      }
      default -> {}
    }
    at = first;
    notAFunction(cmd.args(), last);
    return switch (first) {
      case Node.BoolNode b -> Val.of(b.value());
      case Node.DotNode d -> new Val(writes.resolve(dot.value()), dot.boxed());
      case Node.NilNode n -> throw errorf("nil is not a command");
      case NumberNode n -> Val.of(idealConstant(n));
      case Node.StringNode s -> Val.of(s.text());
      default -> throw errorf("can't evaluate command " + GoQuote.quote(first.toString()));
    };
  }

  private void notAFunction(List<Node> args, Val last) {
    if (args.size() > 1 || last != MISSING) {
      throw errorf("can't give argument to non-function " + args.getFirst());
    }
  }

  private Val evalFieldNode(Val dot, FieldNode field, @Nullable List<Node> args, Val last) {
    at = field;
    return evalFieldChain(dot, dot, field, field.ident(), args, last);
  }

  private Val evalChainNode(Val dot, ChainNode chain, @Nullable List<Node> args, Val last) {
    at = chain;
    if (chain.node() instanceof Node.NilNode) {
      throw errorf("indirection through explicit nil in " + chain);
    }
    Val pipe =
        switch (chain.node()) {
          case PipeNode p -> Val.of(evalPipeline(dot, p));
          case IdentifierNode i -> evalFunction(dot, i, i, null, MISSING);
          default -> Val.of(evalArg(dot, Param.ANY, chain.node()));
        };
    return evalFieldChain(dot, pipe, chain, chain.field(), args, last);
  }

  private Val evalVariableNode(
      Val dot, VariableNode variable, @Nullable List<Node> args, Val last) {
    at = variable;
    Val value = varValue(variable.ident().getFirst());
    if (variable.ident().size() == 1) {
      if (args != null) {
        notAFunction(args, last);
      }
      return value;
    }
    return evalFieldChain(
        dot, value, variable, variable.ident().subList(1, variable.ident().size()), args, last);
  }

  private Val evalFieldChain(
      Val dot, Val receiver, Node node, List<String> ident, @Nullable List<Node> args, Val last) {
    int n = ident.size();
    for (int i = 0; i < n - 1; i++) {
      receiver = evalField(dot, ident.get(i), node, null, MISSING, receiver);
    }
    return evalField(dot, ident.get(n - 1), node, args, last, receiver);
  }

  private Val evalField(
      Val dot, String fieldName, Node node, @Nullable List<Node> args, Val last, Val receiver) {
    if (receiver.value() == null && template.dialect() == Template.Dialect.PLATFORM) {
      // DSL.md: a task that has not run is null, and its fields are empty
      return new Val(null, true);
    }
    if (receiver.value() == null && !receiver.boxed()) {
      throw errorf("nil data; no entry for key " + GoQuote.quote(fieldName));
    }
    String typ = receiver.typeName();
    Object r = receiver.value();
    if (r == null) {
      throw errorf("nil pointer evaluating " + typ + "." + fieldName);
    }
    if (r instanceof GoMethods m && m.hasMethod(fieldName)) {
      List<@Nullable Object> argv = new ArrayList<>();
      if (args != null) {
        for (Node a : args.subList(1, args.size())) {
          argv.add(evalArg(dot, Param.ANY, a));
        }
      }
      if (last != MISSING) {
        argv.add(last.value());
      }
      at = node;
      try {
        return Val.of(m.call(fieldName, argv));
      } catch (TemplateException | GoFunction.GoError e) {
        throw errorf(
            e.getMessage().startsWith("wrong ")
                ? e.getMessage()
                : "error calling " + fieldName + ": " + e.getMessage());
      }
    }
    boolean hasArgs = args != null && args.size() > 1 || last != MISSING;
    if (r instanceof Map<?, ?> map) {
      if (hasArgs) {
        throw errorf(fieldName + " is not a method but has arguments");
      }
      if (!map.containsKey(fieldName)) {
        throw errorf("map has no entry for key " + GoQuote.quote(fieldName));
      }
      return new Val(writes.resolve(map.get(fieldName)), true);
    }
    throw errorf(
        "can't evaluate field "
            + fieldName
            + " in type "
            + (receiver.boxed() ? typ : GoValues.typeName(r)));
  }

  private Val evalFunction(
      Val dot, IdentifierNode node, Node cmd, @Nullable List<Node> args, Val last) {
    at = node;
    GoFunction fn = Functions.ALL.get(node.ident());
    if (fn == null) {
      throw errorf(GoQuote.quote(node.ident()) + " is not a defined function");
    }
    return evalCall(dot, fn, cmd, node.ident(), args, last);
  }

  private Val evalCall(
      Val dot, GoFunction fn, Node node, String name, @Nullable List<Node> cmdArgs, Val last) {
    List<Node> args = cmdArgs == null ? List.of() : cmdArgs.subList(1, cmdArgs.size());
    int numIn = args.size() + (last != MISSING ? 1 : 0);
    int declared = fn.params().size();
    int numFixed = args.size();
    if (fn.variadic()) {
      numFixed = declared - 1;
      if (numIn < numFixed) {
        throw errorf(
            "wrong number of args for "
                + name
                + ": want at least "
                + numFixed
                + " got "
                + args.size());
      }
    } else if (numIn != declared) {
      throw errorf("wrong number of args for " + name + ": want " + declared + " got " + numIn);
    }
    if (fn.name().equals("and") || fn.name().equals("or")) {
      boolean isOr = fn.name().equals("or");
      Object v = null;
      for (Node arg : args) {
        v = evalArg(dot, Param.VALUE, arg);
        if (GoValues.truth(v == GoValues.NIL_INTERFACE ? null : v) == isOr) {
          return Val.of(v == GoValues.NIL_INTERFACE ? null : v);
        }
      }
      if (last != MISSING) {
        v = validateType(last, Param.VALUE);
      }
      return Val.of(v == GoValues.NIL_INTERFACE ? null : v);
    }
    List<@Nullable Object> argv = new ArrayList<>(numIn);
    int i = 0;
    for (; i < numFixed && i < args.size(); i++) {
      argv.add(evalArg(dot, fn.params().get(i), args.get(i)));
    }
    if (fn.variadic()) {
      Param elem = fn.params().getLast();
      for (; i < args.size(); i++) {
        argv.add(evalArg(dot, elem, args.get(i)));
      }
    }
    if (last != MISSING) {
      Param t =
          fn.variadic() && numIn - 1 >= numFixed
              ? fn.params().getLast()
              : fn.params().get(Math.min(numIn - 1, declared - 1));
      argv.add(validateType(last, t));
    }
    try {
      Object result = fn.body().call(new GoFunction.Args(argv, root, template.dialect(), writes));
      return Val.of(result == GoValues.NIL_INTERFACE ? null : result);
    } catch (GoFunction.GoError | TemplateException e) {
      at = node;
      throw errorf("error calling " + name + ": " + e.getMessage());
    } catch (ArithmeticException e) {
      at = node;
      throw errorf("error calling " + name + ": runtime error: integer divide by zero");
    } catch (StackOverflowError | OutOfMemoryError e) {
      at = node;
      throw errorf("error calling " + name + ": value too large");
    }
  }

  private @Nullable Object evalArg(Val dot, Param typ, Node n) {
    at = n;
    switch (n) {
      case Node.DotNode d -> {
        return validateType(new Val(writes.resolve(dot.value()), dot.boxed()), typ);
      }
      case Node.NilNode nil -> {
        if (typ.canBeNil() || typ == Param.VALUE) {
          return null;
        }
        throw errorf("cannot assign nil to " + typ.goName);
      }
      case FieldNode f -> {
        return validateType(evalFieldNode(dot, f, List.of(n), MISSING), typ);
      }
      case VariableNode v -> {
        return validateType(evalVariableNode(dot, v, null, MISSING), typ);
      }
      case PipeNode p -> {
        return validateType(Val.of(evalPipeline(dot, p)), typ);
      }
      case IdentifierNode i -> {
        return validateType(evalFunction(dot, i, i, null, MISSING), typ);
      }
      case ChainNode c -> {
        return validateType(evalChainNode(dot, c, null, MISSING), typ);
      }
      default -> {}
    }
    switch (typ) {
      case BOOL -> {
        if (n instanceof Node.BoolNode b) {
          return b.value();
        }
        throw errorf("expected bool; found " + n);
      }
      case FLOAT64 -> {
        if (n instanceof NumberNode num && num.isFloat()) {
          return num.floatValue();
        }
        throw errorf("expected float; found " + n);
      }
      case UINT32 -> {
        if (n instanceof NumberNode num && num.isUint() && num.intValue() <= 0xFFFFFFFFL) {
          return num.intValue();
        }
        throw errorf("expected unsigned integer; found " + n);
      }
      case INT, INT64 -> {
        if (n instanceof NumberNode num && num.isInt()) {
          return typ == Param.INT ? (Object) num.intValue() : new GoValues.Int64(num.intValue());
        }
        throw errorf("expected integer; found " + n);
      }
      case ANY, VALUE -> {
        return switch (n) {
          case Node.BoolNode b -> b.value();
          case NumberNode num -> idealConstant(num);
          case Node.StringNode s -> s.text();
          default -> throw errorf("can't handle " + n + " for arg of type " + typ.goName);
        };
      }
      case STRING -> {
        if (n instanceof Node.StringNode s) {
          return s.text();
        }
        throw errorf("expected string; found " + n);
      }
      default -> throw errorf("can't handle " + n + " for arg of type " + typ.goName);
    }
  }

  private @Nullable Object validateType(Val v, Param typ) {
    if (v.value() == null && !v.boxed()) {
      if (typ.canBeNil()) {
        return null;
      }
      throw errorf("invalid value; expected " + typ.goName);
    }
    if (typ == Param.VALUE && v.boxed() && v.value() == null) {
      return GoValues.NIL_INTERFACE;
    }
    if (typ == Param.ANY || typ == Param.VALUE) {
      return v.value();
    }
    Object x = v.value();
    if (x != null && assignable(x, typ)) {
      return x;
    }
    throw errorf(
        "wrong type for value; expected "
            + typ.goName
            + "; got "
            + (x == null ? "interface {}" : GoValues.typeName(x)));
  }

  private static boolean assignable(Object x, Param typ) {
    return switch (typ) {
      case STRING -> x instanceof String;
      case INT -> GoValues.isInt(x) && !(x instanceof GoValues.Int64);
      case INT64 -> x instanceof GoValues.Int64;
      case FLOAT64 -> x instanceof Double;
      case BOOL -> x instanceof Boolean;
      case MAP -> x instanceof Map;
      case LIST -> x instanceof List && !(x instanceof GoValues.Slice);
      case TIME -> x instanceof GoTime;
      case UINT32 -> false;
      case ANY, VALUE -> true;
    };
  }

  private Object idealConstant(NumberNode n) {
    at = n;
    if (n.isComplex()) {
      return new GoValues.Complex(n.floatValue(), n.imaginary());
    }
    String t = n.text();
    boolean hexInt =
        t.length() > 2
            && t.charAt(0) == '0'
            && (t.charAt(1) == 'x' || t.charAt(1) == 'X')
            && !Numbers.containsAny(t, "pP");
    boolean runeInt = t.startsWith("'");
    if (n.isFloat() && !hexInt && !runeInt && Numbers.containsAny(t, ".eEpP")) {
      return n.floatValue();
    }
    if (n.isInt()) {
      return n.intValue();
    }
    if (n.isUint()) {
      throw errorf(t + " overflows int");
    }
    return 0L;
  }

  // --- variables ---

  private void push(String name, Val v) {
    names.add(name);
    values.add(v);
  }

  private void pop(int mark) {
    while (names.size() > mark) {
      names.removeLast();
      values.removeLast();
    }
  }

  private void setTop(int n, Val v) {
    values.set(values.size() - n, v);
  }

  private void setVar(String name, Val v) {
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equals(name)) {
        values.set(i, v);
        return;
      }
    }
    throw errorf("undefined variable: " + name);
  }

  private Val varValue(String name) {
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equals(name)) {
        Val v = values.get(i);
        return new Val(writes.resolve(v.value()), v.boxed());
      }
    }
    throw errorf("undefined variable: " + name);
  }

  // --- errors ---

  TemplateException errorf(String message) {
    String name = executing;
    if (at == null) {
      return new TemplateException("template: " + name + ": " + message);
    }
    String src = template.source();
    int pos = Math.min(at.pos(), src.length());
    String before = src.substring(0, pos);
    int nl = before.lastIndexOf('\n');
    int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
    int col = before.substring(nl + 1).getBytes(StandardCharsets.UTF_8).length;
    String context = at.toString();
    return new TemplateException(
        "template: "
            + template.name()
            + ":"
            + line
            + ":"
            + col
            + ": executing "
            + GoQuote.quote(name)
            + " at <"
            + context
            + ">: "
            + message,
        line,
        col + 1);
  }
}
