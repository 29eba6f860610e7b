package io.compozy.execution.knowledge;

import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.json.Json;
import io.compozy.support.catalog.ResourceCatalog;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a knowledge base's definition is deleted, its chunks go too (Compozy removes the vectors
 * with the base).
 */
@Component
class DeletedBases {
  private final ResourceCatalog catalog;
  private final Ingestion ingestion;

  DeletedBases(ResourceCatalog catalog, Ingestion ingestion) {
    this.catalog = catalog;
    this.ingestion = ingestion;
  }

  @EventListener(ApplicationReadyEvent.class)
  void follow() {
    catalog.onRemoved(
        doc -> {
          if (doc.kind().equals(ResourceKinds.KNOWLEDGE_BASE)) {
            ingestion.purge(Json.MAPPER.convertValue(doc.body(), KnowledgeBaseDef.class));
          }
        });
  }
}
