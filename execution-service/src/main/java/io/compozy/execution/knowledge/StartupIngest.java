package io.compozy.execution.knowledge;

import io.compozy.execution.role.ExecutionRoles;
import io.compozy.support.catalog.ResourceCatalog;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Queues an ingestion job for each base marked {@code ingest: on_start} once this instance has read
 * the catalog (unless one is already pending): the jobs run as steps over Kafka, the instance
 * serves meanwhile, and a base that fails is logged with why.
 */
@Component
class StartupIngest {
  private static final Logger log = LoggerFactory.getLogger(StartupIngest.class);
  private final ResourceCatalog catalog;
  private final KnowledgeBases bases;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final ExecutionRoles roles;
  private final Ingestion ingestion;
  private final IngestJobs jobs;

  StartupIngest(
      ResourceCatalog catalog,
      KnowledgeBases bases,
      @Qualifier(ExecutionRoles.BEAN) ExecutionRoles roles,
      Ingestion ingestion,
      IngestJobs jobs) {
    this.catalog = catalog;
    this.bases = bases;
    this.roles = roles;
    this.ingestion = ingestion;
    this.jobs = jobs;
  }

  @EventListener(ApplicationReadyEvent.class)
  void ingestOnStart() {
    if (!roles.workers()) {
      return; // the instances that run steps hold the indexes
    }
    Thread.ofVirtual()
        .name("knowledge-ingest")
        .start(
            () -> {
              try {
                if (!catalog.awaitCaughtUp(Duration.ofMinutes(2))
                    || !catalog.awaitProject(Duration.ofMinutes(2))) {
                  log.warn(
                      "knowledge: no project was read within 2 minutes; no base ingested at start");
                  return;
                }
                if (!catalog.awaitDeclaredKnowledgeBases(Duration.ofSeconds(30))) {
                  log.info(
                      "knowledge: not every base of compozy.yaml is stored (deleted through the"
                          + " API?); those stored are ingested");
                }
                for (String id : bases.onStart()) {
                  try {
                    // another instance starting with this one may have queued it already
                    boolean pending =
                        jobs.recent(id).block(WAIT).stream().anyMatch(j -> !j.state().ended());
                    if (!pending) {
                      IngestJob job = ingestion.submit(id).block(WAIT);
                      log.info(
                          "knowledge base {}: ingestion {} queued at start",
                          id,
                          job == null ? "?" : job.jobId());
                    }
                  } catch (RuntimeException e) {
                    log.warn(
                        "knowledge base {}: ingestion at start not queued: {}", id, e.getMessage());
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }
}
