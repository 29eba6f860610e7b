package io.compozy.scheduler.schedule;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.support.catalog.ResourceCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code scheduler.schedules} in step with the workflows' {@code schedule:} blocks as the
 * registry publishes them: a new or changed definition (its version moved) is put, with any
 * override dropped; a workflow deleted or without a schedule loses its row.
 */
@Component
class ScheduleSync {
  private final ResourceCatalog catalog;
  private final ScheduleStore store;
  private final Clock clock;

  /** What each workflow version holds (its schedule, or none), so a version is read once. */
  private final Map<String, Map.Entry<Long, Optional<ScheduleSpec>>> seen =
      new ConcurrentHashMap<>();

  ScheduleSync(ResourceCatalog catalog, ScheduleStore store, Clock clock) {
    this.catalog = catalog;
    this.store = store;
    this.clock = clock;
  }

  Mono<Integer> syncOnce() {
    if (!catalog.isCaughtUp()) {
      return Mono.just(0);
    }
    Map<String, Map.Entry<Long, ScheduleSpec>> scheduled = new HashMap<>();
    for (ResourceDocument d : catalog.documents(ResourceKinds.WORKFLOW)) {
      Map.Entry<Long, Optional<ScheduleSpec>> known = seen.get(d.id());
      if (known == null || known.getKey() != d.version()) {
        WorkflowDef wf = Json.MAPPER.convertValue(d.body(), WorkflowDef.class);
        known = Map.entry(d.version(), Optional.ofNullable(wf.schedule()).map(ScheduleSpec::of));
        seen.put(d.id(), known);
      }
      long version = d.version();
      known.getValue().ifPresent(spec -> scheduled.put(d.id(), Map.entry(version, spec)));
    }
    return store
        .versions()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .flatMap(
            known -> {
              Flux<Void> puts =
                  Flux.fromIterable(scheduled.entrySet())
                      .filter(e -> !e.getValue().getKey().equals(known.get(e.getKey())))
                      .concatMap(
                          e -> put(e.getKey(), e.getValue().getKey(), e.getValue().getValue()));
              Flux<Void> deletes =
                  Flux.fromIterable(known.keySet())
                      .filter(id -> !scheduled.containsKey(id))
                      .concatMap(store::delete);
              return puts.thenMany(deletes).count().map(Long::intValue);
            });
  }

  private Mono<Void> put(String workflowId, long version, ScheduleSpec spec) {
    Instant now = clock.instant();
    try {
      Optional<Instant> next = spec.enabled() ? spec.times().next(now) : Optional.empty();
      Instant fireAt =
          next.map(t -> t.plus(FireTimes.jitter(spec.jitter(), workflowId, t))).orElse(null);
      return store.putDefinition(workflowId, version, spec, next.orElse(null), fireAt, null);
    } catch (IllegalArgumentException e) {
      // the registry checks schedules; one that slipped through is kept, visible with its error,
      // and never fires
      return store.putDefinition(workflowId, version, spec, null, null, e.getMessage());
    }
  }
}
