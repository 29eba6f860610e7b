package io.compozy.gateway.auth;

import io.compozy.contracts.id.ExecutionIds;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Users and API keys in {@code auth}: lookup by key hash, creation. */
@Component
class ApiKeyStore {
  private final DatabaseClient db;

  ApiKeyStore(DatabaseClient db) {
    this.db = db;
  }

  /**
   * The principal of a valid key: the lookup is by the hash's index, and a revoked or expired key
   * is not found, so every kind of bad key takes the same path.
   */
  Mono<ApiKeyPrincipal> find(byte[] hash, Instant now) {
    return db.sql("select k.key_id, k.user_id, coalesce(k.role, u.role) as role, u.role as user_role from auth.api_keys k "
            + "join auth.users u on u.user_id = k.user_id "
            + "where k.key_hash = :h and k.revoked_at is null and (k.expires_at is null or k.expires_at > :now)")
        .bind("h", hash)
        .bind("now", now.atOffset(java.time.ZoneOffset.UTC))
        .map(r -> {
          Role keyRole = Role.fromWire(r.get("role", String.class));
          Role userRole = Role.fromWire(r.get("user_role", String.class));
          // a key never grants more than its user has now, even if the user was demoted after
          Role effective = userRole.covers(keyRole) ? keyRole : userRole;
          return new ApiKeyPrincipal(r.get("user_id", String.class), effective, r.get("key_id", String.class));
        })
        .one();
  }

  Mono<Long> countUsers() {
    return db.sql("select count(*) as n from auth.users").map(r -> r.get("n", Long.class)).one();
  }

  Mono<Boolean> keyExists(byte[] hash) {
    return db.sql("select 1 from auth.api_keys where key_hash = :h").bind("h", hash).map(r -> true).one().defaultIfEmpty(false);
  }

  Mono<String> adminUserId() {
    return db.sql("select user_id from auth.users where role = 'admin' order by created_at limit 1")
        .map(r -> r.get("user_id", String.class)).one();
  }

  Mono<String> createUser(String email, Role role) {
    String id = ExecutionIds.next("usr_");
    return db.sql("insert into auth.users (user_id, email, role) values (:id, :email, :role)")
        .bind("id", id).bind("email", email).bind("role", role.wireName())
        .then().thenReturn(id);
  }

  Mono<String> createKey(String userId, byte[] hash, String prefix, String name, @Nullable OffsetDateTime expiresAt) {
    String id = ExecutionIds.next("key_");
    return db.sql("insert into auth.api_keys (key_id, user_id, key_hash, prefix, name, expires_at) "
            + "values (:id, :user, :hash, :prefix, :name, :exp)")
        .bind("id", id).bind("user", userId).bind("hash", hash).bind("prefix", prefix).bind("name", name)
        .bind("exp", org.springframework.r2dbc.core.Parameter.fromOrEmpty(expiresAt, OffsetDateTime.class))
        .then().thenReturn(id);
  }
}
