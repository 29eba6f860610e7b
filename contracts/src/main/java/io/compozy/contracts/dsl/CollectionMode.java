package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a collection task runs its items side by side (the default) or one after another. */
public enum CollectionMode {
  @JsonProperty("parallel")
  PARALLEL,
  @JsonProperty("sequential")
  SEQUENTIAL
}
