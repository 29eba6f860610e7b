package io.compozy.contracts.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The two mappers every service uses for the wire and for YAML: snake_case names, unknown fields
 * tolerated on the wire (a newer producer may add fields), ISO timestamps.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(NulFreeStrings.module())
          .build();

  public static final YAMLMapper YAML =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(NulFreeStrings.module())
          .build();

  /** Definitions a user writes: an unknown field is an error, not silently dropped. */
  public static final ObjectMapper STRICT_JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(NulFreeStrings.module())
          .build();

  public static final YAMLMapper STRICT_YAML =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(NulFreeStrings.module())
          .build();

  /**
   * Definitions as stored and served: fields left out stay out (no {@code "field": null} noise).
   */
  private static final ObjectMapper DEFINITIONS =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .changeDefaultPropertyInclusion(
              incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
          .build();

  /** One text per value whatever the order of its object keys: for comparing and hashing. */
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private Json() {}

  /** {@code json} with every object's keys sorted (arrays keep their order). */
  public static String canonical(String json) {
    return CANONICAL.writeValueAsString(plain(json));
  }

  /** A definition's JSON without the fields it does not set. */
  public static String writeDefinition(Object value) {
    return DEFINITIONS.writeValueAsString(value);
  }

  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  public static byte[] writeBytes(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  public static <T> T read(String json, Class<T> type) {
    return MAPPER.readValue(json, type);
  }

  public static <T> T read(byte[] json, Class<T> type) {
    return MAPPER.readValue(json, type);
  }

  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** Plain Java value (maps, lists, strings, numbers, booleans, null) of a JSON text. */
  public static Object plain(String json) {
    return MAPPER.readValue(json, Object.class);
  }
}
