package io.compozy.contracts.catalog;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One definition as published on {@code compozy.resources} (key {@code project/kind/id}): the body
 * is the definition's JSON form, {@code version} counts its changes.
 */
public record ResourceDocument(
    String project,
    String kind,
    String id,
    long version,
    Object body,
    Instant updatedAt,
    @Nullable String updatedBy) {

  public String key() {
    return key(project, kind, id);
  }

  public static String key(String project, String kind, String id) {
    return project + "/" + kind + "/" + id;
  }
}
