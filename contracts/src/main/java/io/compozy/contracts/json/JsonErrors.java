package io.compozy.contracts.json;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** What a JSON or YAML reading error means to the person who wrote the document: where, and what. */
public final class JsonErrors {
  private JsonErrors() {}

  /** The JSON pointer of the value the error is about. */
  public static String pointer(JacksonException e) {
    if (e instanceof NulFreeStrings.NulCharacterException nul) {
      return nul.pointer();
    }
    StringBuilder p = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        p.append('/').append(ref.getPropertyName().replace("~", "~0").replace("/", "~1"));
      } else if (ref.getIndex() >= 0) {
        p.append('/').append(ref.getIndex());
      }
    }
    return p.toString();
  }

  /** The error in the document's words: Jackson names Java classes, users wrote YAML. */
  public static String message(JacksonException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field '" + u.getPropertyName() + "'";
    }
    return clean(e.getOriginalMessage());
  }

  static String clean(@Nullable String message) {
    if (message == null) {
      return "not valid";
    }
    return message.lines().findFirst().orElse("")
        .replaceAll("\\(class [\\w.$]+\\)", "")
        .replaceAll("`[\\w.$]+`", "value")
        .replaceAll("io\\.compozy\\.[\\w.$]+", "definition")
        .trim();
  }
}
