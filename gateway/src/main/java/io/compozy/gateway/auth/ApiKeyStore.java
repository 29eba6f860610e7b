package io.compozy.gateway.auth;

import io.compozy.contracts.id.ExecutionIds;
import io.compozy.support.sql.SqlValues;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** API keys in {@code auth.api_keys}: lookup by keyed hash, creation, listing, revocation. */
@Component
class ApiKeyStore {
  private static final String VIEW_COLUMNS =
      "key_id, user_id, name, prefix, role, created_at, expires_at, revoked_at, last_used_at,"
          + " rate_limit, rate_burst";
  private final DatabaseClient db;

  ApiKeyStore(DatabaseClient db) {
    this.db = db;
  }

  /**
   * The key with this hash unless revoked; expiry is left to the caller so that a cached copy
   * expires on time too. The role is the key's own, but never more than its user has now.
   */
  Mono<VerifiedKey> find(byte[] hash) {
    return db.sql(
            "select k.key_id, k.user_id, k.role, u.role as user_role, k.expires_at, k.rate_limit,"
                + " k.rate_burst from auth.api_keys k join auth.users u on u.user_id = k.user_id"
                + " where k.key_hash = :h and k.revoked_at is null")
        .bind("h", hash)
        .map(
            r -> {
              Role userRole = Role.fromWire(r.get("user_role", String.class));
              String own = r.get("role", String.class);
              Role keyRole = own == null ? userRole : Role.fromWire(own);
              Role effective = userRole.covers(keyRole) ? keyRole : userRole;
              Double rate = r.get("rate_limit", Double.class);
              Integer burst = r.get("rate_burst", Integer.class);
              OffsetDateTime expires = r.get("expires_at", OffsetDateTime.class);
              var principal =
                  new ApiKeyPrincipal(
                      r.get("user_id", String.class),
                      effective,
                      r.get("key_id", String.class),
                      rate == null
                          ? null
                          : new ApiKeyPrincipal.RateOverride(
                              rate, burst == null ? (int) Math.ceil(rate) : burst),
                      expires == null ? null : expires.toInstant());
              return new VerifiedKey(principal);
            })
        .one();
  }

  Mono<Boolean> keyExists(byte[] hash) {
    return db.sql("select 1 from auth.api_keys where key_hash = :h")
        .bind("h", hash)
        .map(r -> true)
        .one()
        .defaultIfEmpty(false);
  }

  Mono<KeyView> create(NewKey key) {
    String id = ExecutionIds.next("key_");
    return db.sql(
            "insert into auth.api_keys (key_id, user_id, key_hash, prefix, name, role, expires_at,"
                + " rate_limit, rate_burst) values (:id, :user, :hash, :prefix, :name, :role, :exp,"
                + " :rate, :burst) returning "
                + VIEW_COLUMNS)
        .bind("id", id)
        .bind("user", key.userId())
        .bind("hash", key.hash())
        .bind("prefix", key.prefix())
        .bind("name", SqlValues.nullable(key.name(), String.class))
        .bind(
            "role",
            SqlValues.nullable(key.role() == null ? null : key.role().wireName(), String.class))
        .bind("exp", SqlValues.time(key.expiresAt()))
        .bind(
            "rate", SqlValues.nullable(key.rate() == null ? null : key.rate().rate(), Double.class))
        .bind(
            "burst",
            SqlValues.nullable(key.rate() == null ? null : key.rate().burst(), Integer.class))
        .map(KeyView::from)
        .one();
  }

  Flux<KeyView> listOf(String userId) {
    return db.sql(
            "select "
                + VIEW_COLUMNS
                + " from auth.api_keys where user_id = :u order by created_at, key_id")
        .bind("u", userId)
        .map(KeyView::from)
        .all();
  }

  Mono<KeyView> get(String keyId) {
    return db.sql("select " + VIEW_COLUMNS + " from auth.api_keys where key_id = :id")
        .bind("id", keyId)
        .map(KeyView::from)
        .one();
  }

  /**
   * Revokes the key; the answer is its hash (for cache eviction), empty if there is no such key.
   */
  Mono<byte[]> revoke(String keyId, Instant at) {
    return db.sql(
            "update auth.api_keys set revoked_at = coalesce(revoked_at, :at) where key_id = :id"
                + " returning key_hash")
        .bind("id", keyId)
        .bind("at", at.atOffset(ZoneOffset.UTC))
        .map(r -> r.get("key_hash", byte[].class))
        .one();
  }

  Mono<List<byte[]>> hashesOfUser(String userId) {
    return db.sql("select key_hash from auth.api_keys where user_id = :u")
        .bind("u", userId)
        .map(r -> r.get("key_hash", byte[].class))
        .all()
        .collectList();
  }

  /** One statement for a whole batch of uses; a later time never goes back. */
  Mono<Void> markUsed(Map<String, Instant> uses) {
    String[] ids = uses.keySet().toArray(String[]::new);
    String[] times = uses.keySet().stream().map(k -> uses.get(k).toString()).toArray(String[]::new);
    return db.sql(
            "update auth.api_keys k set last_used_at = greatest(k.last_used_at, u.at) from (select"
                + " unnest(:ids::text[]) as id, unnest(:ats::text[])::timestamptz as at) u where"
                + " k.key_id = u.id")
        .bind("ids", ids)
        .bind("ats", times)
        .then();
  }

  /** What creating a key stores: only the keyed hash and a display prefix of the secret. */
  record NewKey(
      String userId,
      byte[] hash,
      String prefix,
      @Nullable String name,
      @Nullable Role role,
      @Nullable Instant expiresAt,
      ApiKeyPrincipal.@Nullable RateOverride rate) {}
}
