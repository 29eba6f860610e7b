package io.compozy.scheduler.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.compozy.contracts.schema.Violation;
import io.compozy.support.catalog.ResourceCatalog;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /schedules}, {@code GET|PATCH|DELETE /schedules/{workflow_id}}. A PATCH overrides
 * fields of the workflow's {@code schedule:} until the definition changes (shown as {@code
 * override}); DELETE drops the override, back to the definition.
 */
@RestController
@RequestMapping("/api/v0/schedules")
@Tag(name = "Schedules")
class SchedulesHandler {
  private final ScheduleStore store;
  private final ScheduleSync sync;
  private final Clock clock;
  private final ResourceCatalog catalog;

  SchedulesHandler(ScheduleStore store, ScheduleSync sync, Clock clock, ResourceCatalog catalog) {
    this.store = store;
    this.sync = sync;
    this.clock = clock;
    this.catalog = catalog;
  }

  /**
   * The schedule as the catalog has it now: a workflow just defined is synced before the answer,
   * not a tick later.
   */
  private Mono<ScheduleStore.Row> current(String workflowId) {
    return store
        .one(workflowId)
        .switchIfEmpty(Mono.defer(() -> sync.syncOnce().then(store.one(workflowId))));
  }

  @GetMapping
  @Operation(operationId = "listSchedules", summary = "The scheduled workflows and their next runs")
  Mono<ApiResponse<ScheduleList>> list() {
    return sync.syncOnce()
        .thenMany(store.all())
        .map(this::view)
        .collectList()
        .map(all -> ApiResponse.of(new ScheduleList(all, all.size()), all.size() + " schedules"));
  }

  @GetMapping("/{workflowId}")
  @Operation(operationId = "getSchedule", summary = "One workflow's schedule")
  Mono<ApiResponse<ScheduleView>> one(@PathVariable String workflowId) {
    return current(workflowId)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("schedule", workflowId)))
        .map(r -> ApiResponse.of(view(r), "Schedule retrieved"));
  }

  @PatchMapping("/{workflowId}")
  @Operation(
      operationId = "updateSchedule",
      summary = "Overrides a schedule (enabled, cron) until the project changes it")
  Mono<ApiResponse<ScheduleView>> patch(
      @PathVariable String workflowId,
      @RequestBody(required = false) @Nullable Map<String, Object> body) {
    if (body == null || body.isEmpty()) {
      throw ApiProblem.invalidInput(
          "give the schedule fields to change", List.of(new Violation("", "the body is empty")));
    }
    List<Violation> problems = ScheduleSpec.checkPatch(body);
    if (!problems.isEmpty()) {
      throw ApiProblem.invalidInput("the schedule change is not valid", problems);
    }
    return current(workflowId)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("schedule", workflowId)))
        .flatMap(
            row -> {
              Map<String, Object> override =
                  new LinkedHashMap<>(row.override() == null ? Map.of() : row.override());
              override.putAll(body);
              ScheduleSpec spec = row.definition().with(override);
              Optional<Instant> next;
              try {
                FireTimes times =
                    spec.times(); // checked even while disabled: turning it on must not meet an
                // error
                next = spec.enabled() ? times.next(clock.instant()) : Optional.empty();
              } catch (IllegalArgumentException e) {
                String field =
                    e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':')));
                return Mono.error(
                    ApiProblem.invalidInput(
                        "the schedule change is not valid",
                        List.of(new Violation("/" + field, e.getMessage()))));
              }
              Instant fireAt =
                  next.map(t -> t.plus(FireTimes.jitter(spec.jitter(), workflowId, t)))
                      .orElse(null);
              return store
                  .setOverride(workflowId, override, next.orElse(null), fireAt, null)
                  .then(store.one(workflowId));
            })
        .map(r -> ApiResponse.of(view(r), "Schedule updated"));
  }

  @DeleteMapping("/{workflowId}")
  @Operation(
      operationId = "resetSchedule",
      summary = "Drops the override: the schedule is the project's again")
  Mono<ApiResponse<ScheduleView>> reset(@PathVariable String workflowId) {
    return current(workflowId)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("schedule", workflowId)))
        .flatMap(
            row -> {
              ScheduleSpec spec = row.definition();
              Optional<Instant> next;
              try {
                next = spec.enabled() ? spec.times().next(clock.instant()) : Optional.empty();
              } catch (IllegalArgumentException e) {
                next = Optional.empty();
              }
              Instant fireAt =
                  next.map(t -> t.plus(FireTimes.jitter(spec.jitter(), workflowId, t)))
                      .orElse(null);
              return store
                  .setOverride(workflowId, null, next.orElse(null), fireAt, null)
                  .then(store.one(workflowId));
            })
        .map(r -> ApiResponse.of(view(r), "Schedule override removed"));
  }

  /**
   * A schedule with Compozy's keys ({@code schedule_id}, {@code is_override}, {@code yaml_config})
   * and ours.
   */
  private ScheduleView view(ScheduleStore.Row r) {
    String project = catalog.project().map(p -> p.name()).orElse("default");
    ScheduleSpec e = r.effective();
    return new ScheduleView(
        "schedule-" + project + "-" + r.workflowId(),
        r.workflowId(),
        e.cron(),
        e.timezone() == null ? "UTC" : e.timezone(),
        e.enabled(),
        e.jitter(),
        e.overlapPolicy().wireName(),
        e.startAt(),
        e.endAt(),
        e.input(),
        r.override() != null,
        r.override(),
        // as Compozy: the schedule the YAML gives, shown while overridden
        r.override() != null ? r.definition().view() : null,
        r.definitionVersion(),
        r.nextRunTime(),
        r.fireAt(),
        r.lastRunTime(),
        // the execution's own status while we know it, else what the schedule did (skipped,
        // buffered, refused)
        r.execStatus() != null ? r.execStatus().wireName() : r.lastRunStatus(),
        r.lastExecId(),
        r.buffered(),
        r.error());
  }

  /** A schedule as the API shows it. */
  @Schema(name = "Schedule")
  record ScheduleView(
      String scheduleId,
      String workflowId,
      String cron,
      String timezone,
      boolean enabled,
      @Nullable String jitter,
      String overlapPolicy,
      @Nullable String startAt,
      @Nullable String endAt,
      Map<String, Object> input,
      boolean isOverride,
      @Nullable Map<String, Object> override,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Map<String, Object> yamlConfig,
      long definitionVersion,
      @Nullable Instant nextRunTime,
      @Nullable Instant fireAt,
      @Nullable Instant lastRunTime,
      @Nullable String lastRunStatus,
      @Nullable String lastExecId,
      @Nullable Instant buffered,
      @Nullable String error) {}

  /** Every schedule, and how many. */
  @Schema(name = "ScheduleList")
  record ScheduleList(List<ScheduleView> schedules, int total) {}
}
