package io.compozy.scheduler.schedule;

import io.compozy.contracts.dsl.OverlapPolicy;
import io.compozy.contracts.dsl.WorkflowDef.ScheduleDef;
import io.compozy.contracts.schema.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A schedule as it applies: the workflow's {@code schedule:} block with the fields a {@code PATCH}
 * changed laid over it. An override is kept until the definition changes.
 */
public record ScheduleSpec(
    String cron,
    @Nullable String timezone,
    boolean enabled,
    @Nullable String jitter,
    OverlapPolicy overlapPolicy,
    @Nullable String startAt,
    @Nullable String endAt,
    Map<String, Object> input) {

  /** The fields a PATCH may change. */
  public static final Set<String> PATCHABLE =
      Set.of(
          "cron", "timezone", "enabled", "jitter", "overlap_policy", "start_at", "end_at", "input");

  public static ScheduleSpec of(ScheduleDef def) {
    return new ScheduleSpec(
        def.cron(),
        def.timezone(),
        def.enabled() == null || def.enabled(),
        def.jitter(),
        OverlapPolicy.parse(def.overlapPolicy()).orElse(OverlapPolicy.SKIP),
        def.startAt(),
        def.endAt(),
        def.input() == null ? Map.of() : def.input());
  }

  /** This spec with the override's fields laid over it. */
  @SuppressWarnings("unchecked")
  public ScheduleSpec with(@Nullable Map<String, Object> override) {
    if (override == null || override.isEmpty()) {
      return this;
    }
    return new ScheduleSpec(
        override.containsKey("cron") ? String.valueOf(override.get("cron")) : cron,
        override.containsKey("timezone") ? (String) override.get("timezone") : timezone,
        override.containsKey("enabled") ? Boolean.TRUE.equals(override.get("enabled")) : enabled,
        override.containsKey("jitter") ? (String) override.get("jitter") : jitter,
        override.get("overlap_policy") instanceof String named
            ? OverlapPolicy.parse(named).orElse(overlapPolicy)
            : overlapPolicy,
        override.containsKey("start_at") ? (String) override.get("start_at") : startAt,
        override.containsKey("end_at") ? (String) override.get("end_at") : endAt,
        override.get("input") instanceof Map<?, ?> m ? (Map<String, Object>) m : input);
  }

  /** When it fires; throws {@link IllegalArgumentException} when a part is invalid. */
  public FireTimes times() {
    return FireTimes.of(cron, timezone, startAt, endAt);
  }

  /** What is wrong with a PATCH body, field by field (pointers into the body). */
  public static List<Violation> checkPatch(Map<String, Object> body) {
    List<Violation> problems = new ArrayList<>();
    for (String field : body.keySet()) {
      if (!PATCHABLE.contains(field)) {
        problems.add(
            new Violation(
                "/" + field,
                "is not a schedule field a PATCH can change ("
                    + PATCHABLE.stream().sorted().toList()
                    + ")"));
      }
    }
    Object enabled = body.get("enabled");
    if (body.containsKey("enabled") && !(enabled instanceof Boolean)) {
      problems.add(new Violation("/enabled", "must be true or false"));
    }
    Object overlap = body.get("overlap_policy");
    if (body.containsKey("overlap_policy")
        && !(overlap instanceof String s && OverlapPolicy.parse(s).isPresent())) {
      problems.add(new Violation("/overlap_policy", "must be one of " + OverlapPolicy.names()));
    }
    for (String text : List.of("cron", "timezone", "jitter", "start_at", "end_at")) {
      if (body.containsKey(text) && body.get(text) != null && !(body.get(text) instanceof String)) {
        problems.add(new Violation("/" + text, "must be a string"));
      }
    }
    if (body.containsKey("input") && !(body.get("input") instanceof Map<?, ?>)) {
      problems.add(new Violation("/input", "must be an object"));
    }
    return problems;
  }

  /** The spec as the API shows it. */
  public Map<String, Object> view() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("cron", cron);
    v.put("timezone", timezone == null ? "UTC" : timezone);
    v.put("enabled", enabled);
    v.put("jitter", jitter);
    v.put("overlap_policy", overlapPolicy.wireName());
    v.put("start_at", startAt);
    v.put("end_at", endAt);
    v.put("input", input);
    return v;
  }
}
