package io.compozy.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Reading errors in the words of the person who wrote the document, not of Jackson's Java types.
 */
class JsonErrorsTest {
  @Test
  void aNumberOrABooleanLeftOutIsAskedForByWhatItMustBe() {
    assertThat(
            JsonErrors.clean(
                "Cannot map `null` into type `double` (set"
                    + " DeserializationConfig.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES to"
                    + " 'false' to allow)"))
        .isEqualTo("a value is required here: a number, not null or nothing");
    assertThat(JsonErrors.clean("Cannot map `null` into type `boolean` (set …)"))
        .isEqualTo("a value is required here: true or false, not null or nothing");
  }
}
