package io.compozy.execution.knowledge;

import io.compozy.contracts.catalog.ResourceCatalog;
import io.compozy.execution.role.ExecutionRoles;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Ingests the bases marked {@code ingest: on_start} once this instance has read the catalog, on a
 * thread of its own: the instance serves meanwhile, and a base that fails is logged with why.
 */
@Component
class StartupIngest {
  private static final Logger log = LoggerFactory.getLogger(StartupIngest.class);
  private final ResourceCatalog catalog;
  private final KnowledgeBases bases;
  private final ExecutionRoles roles;

  StartupIngest(ResourceCatalog catalog, KnowledgeBases bases, @Qualifier(ExecutionRoles.BEAN) ExecutionRoles roles) {
    this.catalog = catalog;
    this.bases = bases;
    this.roles = roles;
  }

  @EventListener(ApplicationReadyEvent.class)
  void ingestOnStart() {
    if (!roles.workers()) {
      return; // the instances that run steps hold the indexes
    }
    Thread.ofVirtual().name("knowledge-ingest").start(() -> {
      try {
        if (!catalog.awaitCaughtUp(Duration.ofMinutes(2)) || !catalog.awaitProject(Duration.ofMinutes(2))) {
          log.warn("knowledge: no project was read within 2 minutes; no base ingested at start");
          return;
        }
        for (String id : bases.onStart()) {
          try {
            KnowledgeBases.Report r = bases.ingest(id);
            log.info("knowledge base {} ingested: {} documents, {} chunks ({} embedded, {} kept, {} deleted)", id, r.documents(), r.chunks(),
                r.embedded(), r.kept(), r.deleted());
          } catch (RuntimeException e) {
            log.warn("knowledge base {} was not ingested: {}", id, e.getMessage());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }
}
