package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a parallel, composite or collection task ends as its children end: all of them awaited, the
 * first failure ends it, failures tolerated, or the first success wins.
 */
public enum ChildStrategy {
  /** Every child runs to its end; the task fails when any failed. */
  @JsonProperty("wait_all")
  WAIT_ALL,
  /** The first failure cancels the rest and fails the task. */
  @JsonProperty("fail_fast")
  FAIL_FAST,
  /** Every child runs to its end; the task succeeds whatever failed. */
  @JsonProperty("best_effort")
  BEST_EFFORT,
  /** The first success cancels the rest and wins; the task fails only when every child failed. */
  @JsonProperty("race")
  RACE
}
