package io.compozy.gateway.auth;

import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v0/auth/me}: who the key is and what it may do, so a client (the web console, the
 * CLI) shows only what the key's role allows without trying.
 */
@RestController
@Tag(name = "API keys")
class CallerController {
  /**
   * The caller: its key, its user and the role the key acts with (its own, capped by its user's).
   */
  record Caller(String keyId, String userId, String role, @Nullable Instant expiresAt) {}

  @GetMapping("/api/v0/auth/me")
  @Operation(operationId = "getCaller", summary = "The caller's key, user and role")
  Mono<ApiResponse<Caller>> me(@AuthenticationPrincipal ApiKeyPrincipal caller) {
    return Mono.just(
        ApiResponse.of(
            new Caller(
                caller.keyId(), caller.userId(), caller.role().wireName(), caller.expiresAt()),
            "key " + caller.keyId() + " acts with the " + caller.role().wireName() + " role"));
  }
}
