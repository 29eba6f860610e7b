package io.compozy.gateway.auth;

import io.compozy.contracts.dsl.Durations;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v0/auth/keys}: everyone manages their own keys; an admin also those of others. The
 * secret is in the creation answer only.
 */
@RestController
@RequestMapping("/api/v0/auth/keys")
@Tag(name = "API keys")
class ApiKeysController {
  private final ApiKeyStore store;
  private final UserStore users;
  private final ApiKeys keys;
  private final KeyInvalidations invalidations;
  private final TransactionalOperator tx;
  private final Clock clock;

  ApiKeysController(
      ApiKeyStore store,
      UserStore users,
      ApiKeys keys,
      KeyInvalidations invalidations,
      TransactionalOperator tx,
      Clock clock) {
    this.store = store;
    this.users = users;
    this.keys = keys;
    this.invalidations = invalidations;
    this.tx = tx;
    this.clock = clock;
  }

  /** The body of a key creation; every field is optional. */
  record CreateKey(
      @Nullable String name,
      @Nullable String role,
      @Nullable String expiresAt,
      @Nullable String expiresIn,
      @Nullable String userId,
      KeyView.@Nullable RateLimitView rateLimit) {}

  /** A new key with its secret, shown this once. */
  record CreatedKey(
      String id,
      String key,
      String userId,
      @Nullable String name,
      String prefix,
      @Nullable String role,
      OffsetDateTime createdAt,
      @Nullable OffsetDateTime expiresAt,
      KeyView.@Nullable RateLimitView rateLimit) {
    static CreatedKey of(String secret, KeyView v) {
      return new CreatedKey(
          v.id(),
          secret,
          v.userId(),
          v.name(),
          v.prefix(),
          v.role(),
          v.createdAt(),
          v.expiresAt(),
          v.rateLimit());
    }
  }

  @PostMapping
  @Operation(
      operationId = "createApiKey",
      summary = "Creates an API key, shown once (a key may create keys of its own role or below)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "201",
      description = "Created: the key is shown this once")
  Mono<ResponseEntity<ApiResponse<CreatedKey>>> create(
      @AuthenticationPrincipal ApiKeyPrincipal caller,
      @RequestBody(required = false) @Nullable CreateKey body) {
    CreateKey request = body == null ? new CreateKey(null, null, null, null, null, null) : body;
    String owner = request.userId() == null ? caller.userId() : request.userId();
    var asked =
        new KeyGrant.Request(
            parseRole(request.role(), "role"),
            expiry(request),
            rate(request.rateLimit()),
            !owner.equals(caller.userId()));
    KeyGrant.checkAllowedToAsk(caller, asked);
    validateName(request.name());
    String secret = ApiKeys.generate();
    return users
        .get(owner)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("user", owner)))
        .flatMap(
            user -> {
              KeyGrant.Granted granted = KeyGrant.grant(caller, Role.fromWire(user.role()), asked);
              return store.create(
                  new ApiKeyStore.NewKey(
                      owner,
                      keys.hash(secret),
                      ApiKeys.displayPrefix(secret),
                      request.name(),
                      granted.role(),
                      granted.expiresAt(),
                      granted.rate()));
            })
        .map(
            view ->
                ResponseEntity.created(URI.create("/api/v0/auth/keys/" + view.id()))
                    .body(
                        ApiResponse.of(
                            HttpStatus.CREATED,
                            CreatedKey.of(secret, view),
                            "API key created: it is shown only this once, keep it safe")));
  }

  @GetMapping
  @Operation(operationId = "listApiKeys", summary = "The caller's keys (admin: anyone's)")
  Mono<ApiResponse<List<KeyView>>> list(
      @AuthenticationPrincipal ApiKeyPrincipal caller,
      @RequestParam(name = "user_id", required = false) @Nullable String userId) {
    String owner = userId == null ? caller.userId() : userId;
    if (!owner.equals(caller.userId()) && !caller.role().covers(Role.ADMIN)) {
      return Mono.error(forbidden("listing another user's keys needs the admin role"));
    }
    return store
        .listOf(owner)
        .collectList()
        .map(list -> ApiResponse.of(list, list.size() + " API keys"));
  }

  @GetMapping("/{keyId}")
  @Operation(operationId = "getApiKey", summary = "One key, without its secret")
  Mono<ApiResponse<KeyView>> get(
      @AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String keyId) {
    return owned(caller, keyId).map(k -> ApiResponse.of(k, "API key " + k.id()));
  }

  @DeleteMapping("/{keyId}")
  @Operation(operationId = "revokeApiKey", summary = "Revokes a key")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "204",
      description = "Revoked")
  Mono<ResponseEntity<Void>> revoke(
      @AuthenticationPrincipal ApiKeyPrincipal caller, @PathVariable String keyId) {
    return owned(caller, keyId)
        .flatMap(
            k ->
                effectiveRole(k)
                    .flatMap(
                        role ->
                            KeyGrant.mayRevoke(caller, k.id(), k.userId(), role)
                                ? Mono.just(k)
                                : Mono.error(
                                    forbidden(
                                        "a key cannot revoke a key with more than its own role ("
                                            + caller.role().wireName()
                                            + ")"))))
        .flatMap(k -> tx.transactional(store.revoke(keyId, clock.instant())))
        .flatMap(hash -> invalidations.keyChanged(keyId, List.of(hash)))
        .thenReturn(ResponseEntity.noContent().build());
  }

  /** The role a key acts with: its own, capped by its user's. */
  private Mono<Role> effectiveRole(KeyView key) {
    return users
        .get(key.userId())
        .map(
            user -> {
              Role userRole = Role.fromWire(user.role());
              Role own = key.role() == null ? userRole : Role.fromWire(key.role());
              return userRole.covers(own) ? own : userRole;
            })
        .defaultIfEmpty(Role.READ);
  }

  private Mono<KeyView> owned(ApiKeyPrincipal caller, String keyId) {
    return store
        .get(keyId)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("api_key", keyId)))
        .flatMap(
            k ->
                k.userId().equals(caller.userId()) || caller.role().covers(Role.ADMIN)
                    ? Mono.just(k)
                    : Mono.error(forbidden("another user's key needs the admin role")));
  }

  private @Nullable Instant expiry(CreateKey request) {
    if (request.expiresAt() != null && request.expiresIn() != null) {
      throw ApiProblem.badRequest("invalid_field", "give expires_at or expires_in, not both");
    }
    Instant now = clock.instant();
    Instant at;
    if (request.expiresAt() != null) {
      try {
        at = OffsetDateTime.parse(request.expiresAt()).toInstant();
      } catch (DateTimeParseException e) {
        throw ApiProblem.badRequest(
                "invalid_field", "expires_at must be an RFC 3339 time such as 2027-01-31T00:00:00Z")
            .with("field", "expires_at");
      }
    } else if (request.expiresIn() != null) {
      try {
        at = now.plus(lifetime(request.expiresIn()));
      } catch (RuntimeException e) {
        throw ApiProblem.badRequest(
                "invalid_field", "expires_in must be a duration such as 30d, 12h or 90m")
            .with("field", "expires_in");
      }
    } else {
      return null;
    }
    if (!at.isAfter(now)) {
      throw ApiProblem.badRequest("invalid_field", "the key would already be expired")
          .with("field", request.expiresAt() != null ? "expires_at" : "expires_in");
    }
    return at;
  }

  /**
   * A Go duration ({@code 12h}, {@code 90m}) or whole days ({@code 30d}), which Go durations lack.
   */
  private static Duration lifetime(String text) {
    String s = text.strip();
    if (s.length() > 1
        && s.length() <= 6
        && s.endsWith("d")
        && s.chars().limit(s.length() - 1).allMatch(Character::isDigit)) {
      return Duration.ofDays(Long.parseLong(s.substring(0, s.length() - 1)));
    }
    return Durations.parse(s);
  }

  private static void validateName(@Nullable String name) {
    if (name != null && name.length() > 200) {
      throw ApiProblem.badRequest("invalid_field", "name is longer than 200 characters")
          .with("field", "name");
    }
  }

  private static ApiKeyPrincipal.@Nullable RateOverride rate(KeyView.@Nullable RateLimitView view) {
    if (view == null) {
      return null;
    }
    if (!(view.rate() > 0) || view.rate() > 1_000_000) {
      throw ApiProblem.badRequest(
              "invalid_field", "rate_limit.rate must be a number of requests per second above 0")
          .with("field", "rate_limit.rate");
    }
    if (view.burst() < 1) {
      throw ApiProblem.badRequest("invalid_field", "rate_limit.burst must be at least 1")
          .with("field", "rate_limit.burst");
    }
    return new ApiKeyPrincipal.RateOverride(view.rate(), view.burst());
  }

  static @Nullable Role parseRole(@Nullable String value, String field) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "read" -> Role.READ;
      case "write" -> Role.WRITE;
      case "admin" -> Role.ADMIN;
      default ->
          throw ApiProblem.badRequest("invalid_field", field + " must be one of read, write, admin")
              .with("field", field);
    };
  }

  static ApiProblem forbidden(String detail) {
    return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, Map.of());
  }
}
