package io.compozy.contracts.template;

import io.compozy.contracts.template.GoFunction.Body;
import io.compozy.contracts.template.GoFunction.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every function a template may call: Go's built-ins, Sprig v3's functions and Compozy's {@code
 * htmlEscape}. Each feature file registers its own; this class only assembles them.
 */
final class Functions {
  private Functions() {}

  static final Map<String, GoFunction> ALL;

  static {
    Table t = new Table();
    Builtins.register(t);
    SprigStrings.register(t);
    SprigLists.register(t);
    SprigDicts.register(t);
    SprigMath.register(t);
    SprigDates.register(t);
    SprigEncodings.register(t);
    SprigRegex.register(t);
    SprigSystem.register(t);
    ALL = Map.copyOf(t.functions);
  }

  /** Names of the functions that run but always fail here, each with its documented reason. */
  static Set<String> unavailable() {
    return SprigSystem.UNAVAILABLE.keySet();
  }

  /** Collects function definitions. */
  static final class Table {
    private final Map<String, GoFunction> functions = new LinkedHashMap<>();

    /** A function of fixed parameters. */
    void fn(String name, Body body, Param... params) {
      put(new GoFunction(name, List.of(params), false, body));
    }

    /** A variadic function: the last parameter is the type of each trailing argument. */
    void variadic(String name, Body body, Param... params) {
      put(new GoFunction(name, List.of(params), true, body));
    }

    void alias(String name, String existing) {
      GoFunction f = functions.get(existing);
      put(new GoFunction(name, f.params(), f.variadic(), f.body()));
    }

    private void put(GoFunction f) {
      functions.put(f.name(), f);
    }
  }
}
