package io.compozy.workflow.messaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.support.catalog.ResourceCatalog;
import io.compozy.workflow.store.ExecutionStateStore;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The definition each execution runs: the one it started with (its registry version), not the
 * current one. The catalog's current document serves when the versions match; other versions are
 * read once from the copy stored with an execution and kept in memory by (workflow, version).
 */
final class PinnedDefinitions {
  private final ExecutionStateStore store;
  private final ResourceCatalog catalog;
  private final Cache<String, WorkflowDef> byVersion =
      Caffeine.newBuilder().maximumSize(10_000).build();

  PinnedDefinitions(ExecutionStateStore store, ResourceCatalog catalog) {
    this.store = store;
    this.catalog = catalog;
  }

  /** Whether every definition these executions run is at hand (no read needed). */
  boolean known(Map<String, ExecutionStateStore.Loaded> read) {
    return read.values().stream().noneMatch(this::missing);
  }

  private boolean missing(ExecutionStateStore.Loaded l) {
    return l.pin().version() != null && of(l.pin()).isEmpty();
  }

  /** Reads the stored copies this batch needs and the catalog cannot give. */
  Mono<Void> load(Map<String, ExecutionStateStore.Loaded> read) {
    return Flux.fromIterable(read.values())
        .filter(this::missing)
        .concatMap(
            l ->
                store
                    .definition(l.state().execId())
                    .doOnNext(
                        json -> byVersion.put(key(l.pin()), Json.read(json, WorkflowDef.class))))
        .then();
  }

  Optional<WorkflowDef> of(ExecutionStateStore.Pin pin) {
    if (pin.version() == null) {
      // started before definitions were pinned: the current one
      return catalog.workflow(pin.workflowId());
    }
    Optional<ResourceDocument> current = catalog.document(ResourceKinds.WORKFLOW, pin.workflowId());
    if (current.isPresent() && current.get().version() == pin.version()) {
      return catalog.workflow(pin.workflowId());
    }
    return Optional.ofNullable(byVersion.getIfPresent(key(pin)));
  }

  private static String key(ExecutionStateStore.Pin pin) {
    return pin.workflowId() + "@" + pin.version();
  }
}
