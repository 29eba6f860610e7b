package io.compozy.gateway.auth;

import io.compozy.contracts.id.ExecutionIds;
import io.compozy.support.sql.SqlValues;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Users in {@code auth.users}. */
@Component
class UserStore {
  private static final String COLUMNS = "user_id, email, name, role, created_at, updated_at";
  private final DatabaseClient db;

  UserStore(DatabaseClient db) {
    this.db = db;
  }

  Mono<Long> count() {
    return db.sql("select count(*) as n from auth.users").map(r -> r.get("n", Long.class)).one();
  }

  Mono<Long> countAdmins() {
    return db.sql("select count(*) as n from auth.users where role = 'admin'")
        .map(r -> r.get("n", Long.class))
        .one();
  }

  /**
   * Locks the admins' rows for the rest of the transaction, so two changes that each leave one
   * admin cannot both commit and leave none.
   */
  Mono<Void> lockAdmins() {
    return db.sql("select user_id from auth.users where role = 'admin' for update")
        .fetch()
        .all()
        .then();
  }

  Mono<String> firstAdminId() {
    return db.sql("select user_id from auth.users where role = 'admin' order by created_at limit 1")
        .map(r -> r.get("user_id", String.class))
        .one();
  }

  Mono<UserView> create(String email, @Nullable String name, Role role) {
    return db.sql(
            "insert into auth.users (user_id, email, name, role) values (:id, :email, :name, :role)"
                + " returning "
                + COLUMNS)
        .bind("id", ExecutionIds.next("usr_"))
        .bind("email", email)
        .bind("name", SqlValues.nullable(name, String.class))
        .bind("role", role.wireName())
        .map(UserStore::view)
        .one();
  }

  Mono<UserView> get(String userId) {
    return db.sql("select " + COLUMNS + " from auth.users where user_id = :id")
        .bind("id", userId)
        .map(UserStore::view)
        .one();
  }

  /** A page in id order (ids are time-ordered), after the given id. */
  Flux<UserView> page(@Nullable String after, int limit) {
    return db.sql(
            "select "
                + COLUMNS
                + " from auth.users where (:after::text is null or user_id > :after) order by"
                + " user_id limit :limit")
        .bind("after", SqlValues.nullable(after, String.class))
        .bind("limit", limit)
        .map(UserStore::view)
        .all();
  }

  Mono<UserView> update(
      String userId, @Nullable String email, @Nullable String name, @Nullable Role role) {
    return db.sql(
            "update auth.users set email = coalesce(:email, email), name = coalesce(:name, name), "
                + "role = coalesce(:role, role), updated_at = now() where user_id = :id returning "
                + COLUMNS)
        .bind("id", userId)
        .bind("email", SqlValues.nullable(email, String.class))
        .bind("name", SqlValues.nullable(name, String.class))
        .bind("role", SqlValues.nullable(role == null ? null : role.wireName(), String.class))
        .map(UserStore::view)
        .one();
  }

  /** Deletes the user and (by cascade) every key of theirs. */
  Mono<Long> delete(String userId) {
    return db.sql("delete from auth.users where user_id = :id")
        .bind("id", userId)
        .fetch()
        .rowsUpdated();
  }

  private static UserView view(Readable r) {
    return new UserView(
        r.get("user_id", String.class),
        r.get("email", String.class),
        r.get("name", String.class),
        r.get("role", String.class),
        r.get("created_at", OffsetDateTime.class),
        r.get("updated_at", OffsetDateTime.class));
  }

  /** A user as the API shows it. */
  public record UserView(
      String id,
      String email,
      @Nullable String name,
      String role,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {}
}
