package io.compozy.contracts.template;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A function templates may call, with its Go signature: the types of its parameters decide how
 * literal and data arguments are checked and converted, as Go's reflection-based call does.
 */
record GoFunction(String name, List<Param> params, boolean variadic, Body body) {
  /** Go parameter types a template function can declare. */
  enum Param {
    /** interface {}: any value, nil included. */
    ANY("interface {}"),
    /** reflect.Value: Go's built-ins that inspect their arguments (eq, len, index, and, or). */
    VALUE("reflect.Value"),
    STRING("string"),
    INT("int"),
    INT64("int64"),
    UINT32("uint32"),
    FLOAT64("float64"),
    BOOL("bool"),
    MAP("map[string]interface {}"),
    LIST("[]interface {}"),
    TIME("time.Time");

    final String goName;

    Param(String goName) {
      this.goName = goName;
    }

    boolean canBeNil() {
      return this == ANY || this == MAP || this == LIST;
    }
  }

  @FunctionalInterface
  interface Body {
    @Nullable Object call(Args args);
  }

  /**
   * The maps of the template's data that Sprig's set, unset and merge changed in this rendering. Go
   * changes such a map in place; here the change goes to a copy that the rest of the rendering sees
   * instead, so a template never changes the platform's own state.
   */
  static final class Writes {
    private final IdentityHashMap<Object, GoValues.Dict> copies = new IdentityHashMap<>();

    GoValues.Dict owned(Map<?, ?> m) {
      if (m instanceof GoValues.Dict d) {
        return d;
      }
      GoValues.Dict copy = copies.get(m);
      if (copy == null) {
        copy = new GoValues.Dict(m);
        copies.put(m, copy);
      }
      return copy;
    }

    @Nullable Object resolve(@Nullable Object v) {
      if (copies.isEmpty() || !(v instanceof Map<?, ?>)) {
        return v;
      }
      GoValues.Dict copy = copies.get(v);
      return copy == null ? v : copy;
    }
  }

  /**
   * A failure inside a function; the engine reports it as Go does: "error calling NAME: message".
   */
  static final class GoError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GoError(String message) {
      super(message, null, false, false);
    }
  }

  /** The evaluated arguments of one call. */
  record Args(
      List<@Nullable Object> values,
      @Nullable Object root,
      Template.Dialect dialect,
      Writes writes) {
    @Nullable Object get(int i) {
      return values.get(i);
    }

    int size() {
      return values.size();
    }

    String string(int i) {
      return (String) values.get(i);
    }

    long integer(int i) {
      return ((Number) values.get(i)).longValue();
    }

    double floating(int i) {
      return ((Number) values.get(i)).doubleValue();
    }

    boolean bool(int i) {
      return (Boolean) values.get(i);
    }

    @SuppressWarnings("unchecked")
    Map<String, @Nullable Object> map(int i) {
      return (Map<String, @Nullable Object>) values.get(i);
    }

    List<@Nullable Object> from(int i) {
      return values.subList(Math.min(i, values.size()), values.size());
    }
  }
}
