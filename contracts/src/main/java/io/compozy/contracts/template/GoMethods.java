package io.compozy.contracts.template;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A value with methods a template can call as fields: {{ now.Year }}, {{ (semver "1.2.3").Major }}.
 */
interface GoMethods {
  boolean hasMethod(String name);

  @Nullable Object call(String name, List<@Nullable Object> args);

  static String string(String method, List<@Nullable Object> args, int index, int count) {
    if (args.size() != count) {
      throw new TemplateException(
          "wrong number of args for " + method + ": want " + count + " got " + args.size());
    }
    if (args.get(index) instanceof String s) {
      return s;
    }
    throw new TemplateException(
        "wrong type for value; expected string; got " + GoValues.typeName(args.get(index)));
  }

  static long integer(String method, List<@Nullable Object> args, int index, int count) {
    if (args.size() != count) {
      throw new TemplateException(
          "wrong number of args for " + method + ": want " + count + " got " + args.size());
    }
    if (GoValues.isInt(args.get(index))) {
      return ((Number) args.get(index)).longValue();
    }
    throw new TemplateException(
        "wrong type for value; expected int; got " + GoValues.typeName(args.get(index)));
  }
}
