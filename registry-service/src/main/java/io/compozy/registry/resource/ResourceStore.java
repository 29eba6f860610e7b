package io.compozy.registry.resource;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.KnownIds;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.json.Json;
import io.compozy.support.sql.SqlValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes {@code registry.resources}, keeping every previous version. */
@Component
public class ResourceStore {
  private final DatabaseClient db;

  ResourceStore(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Stores {@code body} as the current version when it differs from the stored one; returns the
   * current document either way. Runs in the caller's transaction.
   */
  public Mono<Stored> upsert(
      String project, String kind, String id, Object body, Instant now, @Nullable String user) {
    String json = Json.writeDefinition(body);
    String etag = etag(json);
    return upsertDocument(project, kind, id, Json.plain(json), json, etag, now, user)
        .map(doc -> new Stored(doc, etag));
  }

  private Mono<ResourceDocument> upsertDocument(
      String project,
      String kind,
      String id,
      Object body,
      String json,
      String etag,
      Instant now,
      @Nullable String user) {
    return db.sql(
            "select version, etag, updated_at, updated_by from registry.resources "
                + "where project = :p and kind = :k and id = :id for update")
        .bind("p", project)
        .bind("k", kind)
        .bind("id", id)
        .map(
            r ->
                new Object[] {
                  r.get("version", Long.class),
                  r.get("etag", String.class),
                  r.get("updated_at", OffsetDateTime.class),
                  r.get("updated_by", String.class)
                })
        .one()
        .map(
            row ->
                etag.equals(row[1])
                    ? Mono.just(
                        new ResourceDocument(
                            project,
                            kind,
                            id,
                            (Long) row[0],
                            body,
                            ((OffsetDateTime) row[2]).toInstant(),
                            (String) row[3]))
                    : write(project, kind, id, json, etag, (Long) row[0] + 1, body, now, user))
        // a definition deleted before goes on counting where its history ended
        .defaultIfEmpty(
            Mono.defer(
                () ->
                    lastVersion(project, kind, id)
                        .flatMap(
                            v -> write(project, kind, id, json, etag, v + 1, body, now, user))))
        .flatMap(m -> m);
  }

  private Mono<ResourceDocument> write(
      String project,
      String kind,
      String id,
      String json,
      String etag,
      long version,
      Object body,
      Instant now,
      @Nullable String user) {
    Mono<Void> current =
        db.sql(
                "insert into registry.resources (project, kind, id, version, body, etag,"
                    + " updated_at, updated_by) values (:p, :k, :id, :v, :body::jsonb, :etag, :now,"
                    + " :user) on conflict (project, kind, id) do update set version ="
                    + " excluded.version, body = excluded.body, etag = excluded.etag, updated_at ="
                    + " excluded.updated_at, updated_by = excluded.updated_by")
            .bind("p", project)
            .bind("k", kind)
            .bind("id", id)
            .bind("v", version)
            .bind("body", json)
            .bind("etag", etag)
            .bind("now", now.atOffset(ZoneOffset.UTC))
            .bind("user", SqlValues.nullable(user, String.class))
            .then();
    Mono<Void> history =
        db.sql(
                "insert into registry.resource_versions (project, kind, id, version, body,"
                    + " changed_at, changed_by) values (:p, :k, :id, :v, :body::jsonb, :now,"
                    + " :user)")
            .bind("p", project)
            .bind("k", kind)
            .bind("id", id)
            .bind("v", version)
            .bind("body", json)
            .bind("now", now.atOffset(ZoneOffset.UTC))
            .bind("user", SqlValues.nullable(user, String.class))
            .then();
    return current
        .then(history)
        .thenReturn(new ResourceDocument(project, kind, id, version, body, now, user));
  }

  public Flux<ResourceDocument> list(String kind) {
    return db.sql(
            "select project, kind, id, version, body::text as body, updated_at, updated_by from"
                + " registry.resources where kind = :k order by id")
        .bind("k", kind)
        .map(
            r ->
                new ResourceDocument(
                    r.get("project", String.class),
                    r.get("kind", String.class),
                    r.get("id", String.class),
                    r.get("version", Long.class),
                    Json.plain(r.get("body", String.class)),
                    r.get("updated_at", OffsetDateTime.class).toInstant(),
                    r.get("updated_by", String.class)))
        .all();
  }

  /** The ids of every definition of a kind. */
  public Flux<String> ids(String kind) {
    return db.sql("select id from registry.resources where kind = :k")
        .bind("k", kind)
        .map(r -> r.get("id", String.class))
        .all();
  }

  public Flux<ResourceDocument> all() {
    return db.sql(
            "select project, kind, id, version, body::text as body, updated_at, updated_by from"
                + " registry.resources order by kind, id")
        .map(
            r ->
                new ResourceDocument(
                    r.get("project", String.class),
                    r.get("kind", String.class),
                    r.get("id", String.class),
                    r.get("version", Long.class),
                    Json.plain(r.get("body", String.class)),
                    r.get("updated_at", OffsetDateTime.class).toInstant(),
                    r.get("updated_by", String.class)))
        .all();
  }

  /**
   * The current version and ETag, locked for the rest of the transaction; empty when there is none.
   */
  public Mono<Current> lock(String project, String kind, String id) {
    return db.sql(
            "select version, etag from registry.resources where project = :p and kind = :k and id ="
                + " :id for update")
        .bind("p", project)
        .bind("k", kind)
        .bind("id", id)
        .map(r -> new Current(r.get("version", Long.class), r.get("etag", String.class)))
        .one();
  }

  /** A stored definition's version and strong ETag. */
  public record Current(long version, String etag) {}

  /** One definition with its ETag. */
  public record Stored(ResourceDocument document, String etag) {}

  public Mono<Stored> find(String kind, String id) {
    return db.sql(
            "select project, kind, id, version, body::text as body, etag, updated_at, updated_by"
                + " from registry.resources where kind = :k and id = :id")
        .bind("k", kind)
        .bind("id", id)
        .map(r -> new Stored(document(r), r.get("etag", String.class)))
        .one();
  }

  /** A page in id order after {@code after}, ids starting with {@code prefix} when given. */
  public Flux<ResourceDocument> page(
      String kind, @Nullable String prefix, @Nullable String after, int limit) {
    String like =
        prefix == null
            ? null
            : prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return db.sql(
            "select project, kind, id, version, body::text as body, updated_at, updated_by from"
                + " registry.resources where kind = :k and (:like::text is null or id like :like)"
                + " and (:after::text is null or id > :after) order by id limit :limit")
        .bind("k", kind)
        .bind("like", SqlValues.nullable(like, String.class))
        .bind("after", SqlValues.nullable(after, String.class))
        .bind("limit", limit)
        .map(ResourceStore::document)
        .all();
  }

  /** Deletes the definition and records a deleted version; the answer is that version. */
  public Mono<Long> delete(
      String project, String kind, String id, long version, Instant now, @Nullable String user) {
    return db.sql("delete from registry.resources where project = :p and kind = :k and id = :id")
        .bind("p", project)
        .bind("k", kind)
        .bind("id", id)
        .then()
        .then(
            db.sql(
                    "insert into registry.resource_versions (project, kind, id, version, body,"
                        + " deleted, changed_at, changed_by) values (:p, :k, :id, :v, null, true,"
                        + " :now, :user)")
                .bind("p", project)
                .bind("k", kind)
                .bind("id", id)
                .bind("v", version)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("user", SqlValues.nullable(user, String.class))
                .then())
        .thenReturn(version);
  }

  /** One change of a definition: which, its version, when and by whom. */
  public record Change(
      String project,
      String kind,
      String id,
      long version,
      boolean deleted,
      Instant changedAt,
      @Nullable String changedBy) {}

  /** The latest changes of every definition (of one project when named), newest first. */
  public Flux<Change> changes(@Nullable String project, int limit) {
    String where = project == null ? "" : "where project = :p ";
    var spec =
        db.sql(
                "select project, kind, id, version, deleted, changed_at, changed_by from"
                    + " registry.resource_versions "
                    + where
                    + "order by changed_at desc, version desc limit :limit")
            .bind("limit", limit);
    if (project != null) {
      spec = spec.bind("p", project);
    }
    return spec.map(
            r ->
                new Change(
                    r.get("project", String.class),
                    r.get("kind", String.class),
                    r.get("id", String.class),
                    r.get("version", Long.class),
                    Boolean.TRUE.equals(r.get("deleted", Boolean.class)),
                    r.get("changed_at", OffsetDateTime.class).toInstant(),
                    r.get("changed_by", String.class)))
        .all();
  }

  /** A definition's history, newest first. */
  public Flux<VersionInfo> versions(String kind, String id) {
    return db.sql(
            "select version, deleted, changed_at, changed_by from registry.resource_versions where"
                + " kind = :k and id = :id order by version desc")
        .bind("k", kind)
        .bind("id", id)
        .map(
            r ->
                new VersionInfo(
                    r.get("version", Long.class),
                    Boolean.TRUE.equals(r.get("deleted", Boolean.class)),
                    r.get("changed_at", OffsetDateTime.class).toInstant(),
                    r.get("changed_by", String.class)))
        .all();
  }

  public Mono<Object> version(String kind, String id, long version) {
    return db.sql(
            "select body::text as body from registry.resource_versions where kind = :k and id = :id"
                + " and version = :v and not deleted")
        .bind("k", kind)
        .bind("id", id)
        .bind("v", version)
        .map(r -> Json.plain(r.get("body", String.class)))
        .one();
  }

  /** The highest version a definition ever had (deleted ones included), 0 for none. */
  public Mono<Long> lastVersion(String project, String kind, String id) {
    return db.sql(
            "select coalesce(max(version), 0) as v from registry.resource_versions where project ="
                + " :p and kind = :k and id = :id")
        .bind("p", project)
        .bind("k", kind)
        .bind("id", id)
        .map(r -> r.get("v", Long.class))
        .one();
  }

  /** One entry of a definition's history. */
  public record VersionInfo(
      long version, boolean deleted, Instant changedAt, @Nullable String changedBy) {}

  /**
   * Every id a definition may name, by kind: those stored on their own and those declared in the
   * stored project ({@code compozy.yaml}'s tools, models, schemas, memories, MCP servers and
   * knowledge bases).
   */
  private static final String KNOWLEDGE_BASES = ResourceKinds.KNOWLEDGE_BASE;

  public Mono<KnownIds> knownIds() {
    return db.sql(
            "select kind, id, case when kind = 'project' then body::text end as body from"
                + " registry.resources")
        .map(
            r ->
                new String[] {
                  r.get("kind", String.class),
                  r.get("id", String.class),
                  r.get("body", String.class)
                })
        .all()
        .collectList()
        .map(
            rows -> {
              Map<String, Set<String>> ids = new HashMap<>();
              for (String[] row : rows) {
                ids.computeIfAbsent(row[0], k -> new HashSet<>()).add(row[1]);
                if (row[2] != null) {
                  ProjectDef p = Json.MAPPER.readValue(row[2], ProjectDef.class);
                  p.toolsOrEmpty()
                      .forEach(
                          t ->
                              ids.computeIfAbsent(ResourceKinds.TOOL, k -> new HashSet<>())
                                  .add(t.id()));
                  p.modelsOrEmpty().stream()
                      .filter(m -> m.id() != null)
                      .forEach(
                          m ->
                              ids.computeIfAbsent(ResourceKinds.MODEL, k -> new HashSet<>())
                                  .add(m.id()));
                  declared(
                      p.schemas(), ids.computeIfAbsent(ResourceKinds.SCHEMA, k -> new HashSet<>()));
                  declared(
                      p.memories(),
                      ids.computeIfAbsent(ResourceKinds.MEMORY, k -> new HashSet<>()));
                  declared(p.mcps(), ids.computeIfAbsent(ResourceKinds.MCP, k -> new HashSet<>()));
                  declared(
                      p.knowledgeBases(),
                      ids.computeIfAbsent(KNOWLEDGE_BASES, k -> new HashSet<>()));
                }
              }
              Function<String, Set<String>> of = k -> ids.getOrDefault(k, Set.of());
              return new KnownIds(
                  of.apply(ResourceKinds.TOOL),
                  of.apply(ResourceKinds.AGENT),
                  of.apply(ResourceKinds.SCHEMA),
                  of.apply(ResourceKinds.MCP),
                  of.apply(ResourceKinds.MEMORY),
                  of.apply(ResourceKinds.MODEL),
                  of.apply(KNOWLEDGE_BASES));
            });
  }

  private static void declared(@Nullable List<Object> definitions, Set<String> into) {
    if (definitions != null) {
      definitions.forEach(
          d -> {
            if (d instanceof Map<?, ?> m && m.get("id") instanceof String id) {
              into.add(id);
            }
          });
    }
  }

  /**
   * Definitions stored before there was a project (under "default") become the new project's,
   * history included; the answer is what moved.
   */
  public Flux<ResourceDocument> adopt(String project) {
    if (project.equals("default")) {
      return Flux.empty();
    }
    return db.sql("update registry.resource_versions set project = :p where project = 'default'")
        .bind("p", project)
        .then()
        .thenMany(
            db.sql(
                    "update registry.resources set project = :p where project = 'default' and kind"
                        + " <> 'project' returning project, kind, id, version, body::text as body,"
                        + " updated_at, updated_by")
                .bind("p", project)
                .map(ResourceStore::document)
                .all());
  }

  /** The stored project's definition, if any. */
  public Mono<ResourceDocument> project() {
    return db.sql(
            "select project, kind, id, version, body::text as body, updated_at, updated_by from"
                + " registry.resources where kind = 'project' order by updated_at limit 1")
        .map(ResourceStore::document)
        .one();
  }

  /** The name of the project stored, if any. */
  public Mono<String> projectName() {
    return db.sql(
            "select id from registry.resources where kind = 'project' order by updated_at limit 1")
        .map(r -> r.get("id", String.class))
        .one();
  }

  private static ResourceDocument document(io.r2dbc.spi.Readable r) {
    return new ResourceDocument(
        r.get("project", String.class),
        r.get("kind", String.class),
        r.get("id", String.class),
        r.get("version", Long.class),
        Json.plain(r.get("body", String.class)),
        r.get("updated_at", OffsetDateTime.class).toInstant(),
        r.get("updated_by", String.class));
  }

  /**
   * The strong ETag of a definition: a hash of its canonical JSON, so the same definition has the
   * same tag whatever order its keys were written in (Postgres' jsonb reorders them, and an export
   * read back must be "unchanged").
   */
  static String etag(String json) {
    try {
      String canonical = Json.canonical(json);
      return "\""
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(canonical.getBytes(StandardCharsets.UTF_8)))
              .substring(0, 32)
          + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
