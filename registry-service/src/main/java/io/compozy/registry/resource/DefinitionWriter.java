package io.compozy.registry.resource;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.OutboxMessage;
import io.compozy.support.problem.ApiProblem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Stores and deletes definitions inside the caller's transaction: the row locked, {@code If-Match}
 * checked, the previous version kept, and the change put in the outbox for {@code
 * compozy.resources} (published after commit).
 */
@Component
public class DefinitionWriter {
  private final ResourceStore store;
  private final Outbox outbox;

  DefinitionWriter(ResourceStore store, Outbox outbox) {
    this.store = store;
    this.outbox = outbox;
  }

  /** What a write did. */
  public record Written(ResourceDocument document, String etag, boolean created, boolean changed) {}

  public Mono<Written> put(
      String project,
      DefinitionKind k,
      String id,
      Object definition,
      @Nullable String ifMatch,
      Instant now,
      @Nullable String user) {
    return store
        .lock(project, k.path(), id)
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            current -> {
              if (ifMatch != null && (current.isEmpty() || !current.get().etag().equals(ifMatch))) {
                return Mono.error(
                    preconditionFailed(
                        k, id, current.map(ResourceStore.Current::etag).orElse(null)));
              }
              return store
                  .upsert(project, k.path(), id, definition, now, user)
                  .flatMap(
                      stored -> {
                        ResourceDocument doc = stored.document();
                        boolean created = current.isEmpty();
                        boolean changed = created || doc.version() != current.get().version();
                        Mono<Void> publish =
                            changed ? outbox.append(List.of(message(doc))) : Mono.empty();
                        if (created && k.equals(DefinitionKind.PROJECT)) {
                          publish =
                              publish.then(
                                  store
                                      .adopt(project)
                                      .map(DefinitionWriter::message)
                                      .collectList()
                                      .flatMap(outbox::append));
                        }
                        return publish.thenReturn(
                            new Written(doc, stored.etag(), created, changed));
                      });
            });
  }

  private static OutboxMessage message(ResourceDocument doc) {
    return new OutboxMessage(
        Topics.RESOURCES,
        doc.key(),
        "resource:" + doc.key() + ":" + doc.version(),
        Json.write(doc));
  }

  /** Deletes {@code kind/id} unless {@code references} name it (409 listing them). */
  public Mono<Void> delete(
      String project,
      DefinitionKind k,
      String id,
      @Nullable String ifMatch,
      List<String> references,
      Instant now,
      @Nullable String user) {
    return store
        .lock(project, k.path(), id)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(k.word(), id)))
        .flatMap(
            current -> {
              if (ifMatch != null && !current.etag().equals(ifMatch)) {
                return Mono.error(preconditionFailed(k, id, current.etag()));
              }
              if (!references.isEmpty()) {
                return Mono.error(
                    ApiProblem.conflict(
                            "resource_in_use",
                            k.word() + " '" + id + "' is used by " + String.join(", ", references))
                        .with("references", references));
              }
              String key = ResourceDocument.key(project, k.path(), id);
              return store
                  .delete(project, k.path(), id, current.version() + 1, now, user)
                  .flatMap(
                      v ->
                          outbox.append(
                              List.of(
                                  new OutboxMessage(
                                      Topics.RESOURCES,
                                      key,
                                      "resource:" + key + ":" + v + ":deleted",
                                      null))));
            });
  }

  private static ApiProblem preconditionFailed(
      DefinitionKind k, String id, @Nullable String current) {
    ApiProblem p =
        new ApiProblem(
            HttpStatus.PRECONDITION_FAILED,
            "precondition_failed",
            "Precondition failed",
            k.word()
                + " '"
                + id
                + "' changed since you read it"
                + (current == null ? " (it does not exist)" : ""),
            Map.of());
    return current == null ? p : p.with("current_etag", current);
  }
}
