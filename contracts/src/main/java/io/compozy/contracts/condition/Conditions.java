package io.compozy.contracts.condition;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * CEL conditions of the project language (router, wait, filter, webhook, task {@code condition}),
 * over the template variables without the dot. Programs are compiled once and cached.
 */
public final class Conditions {
  /** The variables a condition may name; each is dynamically typed. */
  public static final Set<String> VARIABLES =
      Set.of(
          "workflow",
          "tasks",
          "task",
          "input",
          "with",
          "output",
          "env",
          "item",
          "index",
          "parent",
          "project",
          "signal",
          "processor",
          "payload",
          "headers",
          "query");

  private static final int CACHE_LIMIT = 10_000;

  /** A collection names its own item and index variables; more than a few is not a real project. */
  private static final int MAX_EXTRA = 8;

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private final Map<Set<String>, CelCompiler> compilers = new ConcurrentHashMap<>();
  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  public Conditions() {
    compilers.put(Set.of(), compiler(Set.of()));
  }

  private static CelCompiler compiler(Set<String> extra) {
    CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder();
    VARIABLES.forEach(v -> builder.addVar(v, SimpleType.DYN));
    extra.stream()
        .filter(v -> !VARIABLES.contains(v))
        .forEach(v -> builder.addVar(v, SimpleType.DYN));
    return builder.build();
  }

  /**
   * Compiles an expression, throwing {@link ConditionException} with CEL's message when invalid.
   */
  public void check(String expression) {
    program(expression, Set.of());
  }

  /**
   * Compiles an expression that may also name {@code extra} variables (a collection's {@code
   * item_var} and {@code index_var}).
   */
  public void check(String expression, Set<String> extra) {
    program(expression, extra);
  }

  /** Evaluates an expression over the variables (absent ones are null). */
  public @Nullable Object evaluate(String expression, Map<String, ?> variables) {
    return evaluate(expression, variables, Set.of());
  }

  /** Evaluates an expression that may also name {@code extra} variables. */
  public @Nullable Object evaluate(String expression, Map<String, ?> variables, Set<String> extra) {
    CelRuntime.Program program = program(expression, extra);
    Map<String, Object> activation = new LinkedHashMap<>();
    for (String name : VARIABLES) {
      Object value = celValue(variables.get(name));
      activation.put(name, value == null ? dev.cel.common.values.NullValue.NULL_VALUE : value);
    }
    for (String name : extra) {
      Object value = celValue(variables.get(name));
      activation.put(name, value == null ? dev.cel.common.values.NullValue.NULL_VALUE : value);
    }
    try {
      return fromCel(program.eval(activation));
    } catch (CelEvaluationException e) {
      throw new ConditionException("condition '" + expression + "' failed: " + e.getMessage());
    }
  }

  /** Evaluates an expression that must give a boolean. */
  public boolean test(String expression, Map<String, ?> variables) {
    return test(expression, variables, Set.of());
  }

  /** Evaluates an expression that must give a boolean and may name {@code extra} variables. */
  public boolean test(String expression, Map<String, ?> variables, Set<String> extra) {
    Object v = evaluate(expression, variables, extra);
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ConditionException("condition '" + expression + "' gave " + v + ", not a boolean");
  }

  private CelRuntime.Program program(String expression, Set<String> extra) {
    String key = extra.isEmpty() ? expression : new TreeSet<>(extra) + "\u0000" + expression;
    CelRuntime.Program p = programs.get(key);
    if (p != null) {
      return p;
    }
    if (extra.size() > MAX_EXTRA || !extra.stream().allMatch(v -> NAME.matcher(v).matches())) {
      throw new ConditionException(
          "variable names must be identifiers (letters, digits, _), at most "
              + MAX_EXTRA
              + ": "
              + extra);
    }
    CelCompiler compiler = compilers.get(extra);
    if (compiler == null) {
      compiler = compiler(extra);
      if (compilers.size() < 1000) {
        compilers.put(Set.copyOf(extra), compiler);
      }
    }
    try {
      CelValidationResult result = compiler.compile(expression);
      if (result.hasError()) {
        throw new ConditionException(
            "condition '" + expression + "' does not compile: " + result.getErrorString());
      }
      CelAbstractSyntaxTree ast = result.getAst();
      p = runtime.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new ConditionException(
          "condition '" + expression + "' does not compile: " + e.getMessage());
    }
    if (programs.size() < CACHE_LIMIT) {
      programs.put(key, p);
    }
    return p;
  }

  /** CEL's Java values: int is Long, double is Double; JSON decoders give Integers too. */
  private static @Nullable Object celValue(@Nullable Object v) {
    return switch (v) {
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Float f -> f.doubleValue();
      case BigDecimal d -> d.doubleValue();
      case BigInteger i -> i.longValue();
      case Map<?, ?> m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), nullSafe(celValue(x))));
        yield out;
      }
      case List<?> l -> {
        List<Object> out = new ArrayList<>(l.size());
        l.forEach(x -> out.add(nullSafe(celValue(x))));
        yield out;
      }
      case null -> null;
      default -> v;
    };
  }

  private static Object nullSafe(@Nullable Object v) {
    return v == null ? dev.cel.common.values.NullValue.NULL_VALUE : v;
  }

  private static @Nullable Object fromCel(@Nullable Object v) {
    if (v instanceof dev.cel.common.values.NullValue) {
      return null;
    }
    return v;
  }
}
