package io.compozy.support.catalog;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Ready once the catalog has read every definition published before this service started. */
public final class CatalogHealthIndicator implements HealthIndicator {
  private final ResourceCatalog catalog;

  public CatalogHealthIndicator(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Health health() {
    return catalog.isCaughtUp()
        ? Health.up().build()
        : Health.outOfService().withDetail("reason", "reading compozy.resources").build();
  }
}
