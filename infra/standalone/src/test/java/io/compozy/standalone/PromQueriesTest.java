package io.compozy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQueriesTest {
  @Test
  void readsTheMetricsAndTheLabelsAnExpressionNeeds() {
    assertThat(
            PromQueries.metrics(
                "histogram_quantile(0.95, sum by (le, workflow)"
                    + " (rate(compozy_execution_duration_seconds_bucket{job=\"$job\","
                    + " status=~\"a|b\"}[5m])))"))
        .isEqualTo(
            Map.of("compozy_execution_duration_seconds_bucket", Set.of("workflow", "status")));
    assertThat(
            PromQueries.metrics(
                "sum by (group, topic) (compozy_consumer_lag) > 1000 and sum by (group, topic)"
                    + " (deriv(compozy_consumer_lag[10m])) > 0"))
        .isEqualTo(Map.of("compozy_consumer_lag", Set.of("group", "topic")));
    assertThat(PromQueries.metrics("up == 0")).as("Prometheus's own series").isEmpty();
  }

  @Test
  void saysWhatAnExpositionLacks() {
    String exposition =
        """
        # HELP compozy_consumer_lag records
        compozy_consumer_lag{group="g",topic="t"} 3.0
        compozy_tool_runs_total{outcome="succeeded",tool="shout"} 1.0
        """;
    assertThat(
            PromQueries.missing(
                List.of("sum by (group, topic) (compozy_consumer_lag)"), exposition))
        .isEmpty();
    assertThat(
            PromQueries.missing(
                List.of("sum by (role) (rate(compozy_tool_runs_total[5m]))", "compozy_nothing"),
                exposition))
        .hasSize(2)
        .anySatisfy(
            m -> assertThat(m).startsWith("compozy_tool_runs_total without label(s) [role]"))
        .anySatisfy(m -> assertThat(m).startsWith("compozy_nothing"));
  }
}
