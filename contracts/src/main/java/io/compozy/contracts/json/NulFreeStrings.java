package io.compozy.contracts.json;

import java.util.ArrayDeque;
import java.util.Deque;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses text with a NUL character (U+0000) wherever a JSON or YAML document is read into values:
 * Postgres stores no NUL in text or jsonb, so such input would fail later, as a 500 or a poison
 * message. Strings (also inside maps and lists of any type) and object keys go through here; the
 * error names the field ({@link JsonErrors#pointer}).
 */
public final class NulFreeStrings {
  static final String MESSAGE = "contains a NUL character (\\u0000), which cannot be stored";

  private NulFreeStrings() {}

  public static JacksonModule module() {
    SimpleModule module = new SimpleModule("compozy-nul-free-strings");
    module.addDeserializer(String.class, new Strings());
    module.addKeyDeserializer(String.class, new Keys());
    module.addKeyDeserializer(Object.class, new Keys());
    return module;
  }

  /** Whether {@code text} holds a NUL. */
  public static boolean hasNul(String text) {
    return text.indexOf('\0') >= 0;
  }

  private static final class Strings extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
      String value = super.deserialize(p, ctxt);
      if (value != null && hasNul(value)) {
        throw new NulCharacterException(p, pointer(p.streamReadContext()));
      }
      return value;
    }
  }

  /**
   * Where the parser is, from the document's root: maps and lists of untyped values (a start's
   * input) add no step to Jackson's own reference path, so it is read off the parser instead.
   */
  static String pointer(TokenStreamContext context) {
    Deque<String> steps = new ArrayDeque<>();
    for (var c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject()) {
        String name = c.currentName();
        steps.push(
            name == null
                ? ""
                : name.replace("~", "~0").replace("/", "~1").replace("\0", "\\u0000"));
      } else if (c.inArray()) {
        steps.push(Integer.toString(c.getCurrentIndex()));
      }
    }
    return steps.isEmpty() ? "" : "/" + String.join("/", steps);
  }

  /** A NUL found at {@link #pointer()} of the document being read. */
  public static final class NulCharacterException extends DatabindException {
    private static final long serialVersionUID = 1L;
    private final String pointer;

    NulCharacterException(JsonParser p, String pointer) {
      super(p, MESSAGE);
      this.pointer = pointer;
    }

    public String pointer() {
      return pointer;
    }
  }

  private static final class Keys extends KeyDeserializer {
    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) throws JacksonException {
      if (hasNul(key)) {
        return ctxt.handleWeirdKey(String.class, key, MESSAGE);
      }
      return key;
    }
  }
}
