package io.compozy.gateway.auth;

import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v0/users} (admin only, by the route table). A role change or a deletion reaches every
 * gateway's key cache at once; the last admin can be neither demoted nor deleted.
 */
@RestController
@RequestMapping("/api/v0/users")
@Tag(name = "Users")
class UsersController {
  private static final int MAX_PAGE = 200;
  private final UserStore users;
  private final ApiKeyStore keys;
  private final KeyInvalidations invalidations;
  private final TransactionalOperator tx;

  UsersController(
      UserStore users, ApiKeyStore keys, KeyInvalidations invalidations, TransactionalOperator tx) {
    this.users = users;
    this.keys = keys;
    this.invalidations = invalidations;
    this.tx = tx;
  }

  /** Create: email and role are required. */
  record CreateUser(@Nullable String email, @Nullable String name, @Nullable String role) {}

  /** Change: any of the fields. */
  record ChangeUser(@Nullable String email, @Nullable String name, @Nullable String role) {}

  @PostMapping
  @Operation(operationId = "createUser", summary = "Creates a user (admin)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "201",
      description = "Created")
  Mono<ResponseEntity<ApiResponse<UserStore.UserView>>> create(@RequestBody CreateUser body) {
    String email = email(body.email(), true);
    Role role = ApiKeysController.parseRole(body.role(), "role");
    if (role == null) {
      throw ApiProblem.badRequest("invalid_field", "role is required: read, write or admin")
          .with("field", "role");
    }
    return users
        .create(email, body.name(), role)
        .onErrorMap(
            DataIntegrityViolationException.class,
            e -> ApiProblem.conflict("user_exists", "a user with email '" + email + "' exists"))
        .map(
            u ->
                ResponseEntity.created(URI.create("/api/v0/users/" + u.id()))
                    .body(ApiResponse.of(HttpStatus.CREATED, u, "user created")));
  }

  @GetMapping
  @Operation(operationId = "listUsers", summary = "The users, a page at a time (admin)")
  Mono<ResponseEntity<ApiResponse<List<UserStore.UserView>>>> list(
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw ApiProblem.badRequest("invalid_parameter", "limit must be between 1 and " + MAX_PAGE)
          .with("field", "limit");
    }
    return users
        .page(cursor, limit + 1)
        .collectList()
        .map(
            page -> {
              boolean more = page.size() > limit;
              List<UserStore.UserView> shown = more ? page.subList(0, limit) : page;
              var response = ResponseEntity.ok();
              if (more) {
                String next = shown.getLast().id();
                response.header(
                    HttpHeaders.LINK,
                    "</api/v0/users?limit=" + limit + "&cursor=" + next + ">; rel=\"next\"");
              }
              return response.body(ApiResponse.of(shown, shown.size() + " users"));
            });
  }

  @GetMapping("/{userId}")
  @Operation(operationId = "getUser", summary = "One user (admin)")
  Mono<ApiResponse<UserStore.UserView>> get(@PathVariable String userId) {
    return users
        .get(userId)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("user", userId)))
        .map(u -> ApiResponse.of(u, "user " + u.id()));
  }

  @PatchMapping("/{userId}")
  @Operation(operationId = "updateUser", summary = "Changes a user's name, email or role (admin)")
  Mono<ApiResponse<UserStore.UserView>> change(
      @PathVariable String userId, @RequestBody ChangeUser body) {
    String email = email(body.email(), false);
    Role role = ApiKeysController.parseRole(body.role(), "role");
    Mono<UserStore.UserView> work =
        users
            .lockAdmins()
            .then(users.update(userId, email, body.name(), role))
            .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("user", userId)))
            .flatMap(
                u ->
                    users
                        .countAdmins()
                        .flatMap(
                            admins ->
                                admins == 0
                                    ? Mono.error(
                                        ApiProblem.conflict(
                                            "last_admin",
                                            "user '"
                                                + userId
                                                + "' is the last admin: make another admin first"))
                                    : Mono.just(u)))
            .onErrorMap(
                DataIntegrityViolationException.class,
                e ->
                    ApiProblem.conflict("user_exists", "a user with email '" + email + "' exists"));
    return tx.transactional(work)
        .flatMap(
            u ->
                keys.hashesOfUser(userId)
                    .flatMap(h -> invalidations.userChanged(userId, h))
                    .thenReturn(u))
        .map(u -> ApiResponse.of(u, "user updated"));
  }

  @DeleteMapping("/{userId}")
  @Operation(operationId = "deleteUser", summary = "Deletes a user and revokes their keys (admin)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "204",
      description = "Deleted")
  Mono<ResponseEntity<Void>> delete(@PathVariable String userId) {
    Mono<List<byte[]>> work =
        users
            .lockAdmins()
            .then(keys.hashesOfUser(userId))
            .flatMap(
                hashes ->
                    users
                        .delete(userId)
                        .flatMap(
                            n ->
                                n == 0
                                    ? Mono.error(ApiProblem.notFound("user", userId))
                                    : users
                                        .countAdmins()
                                        .flatMap(
                                            admins ->
                                                admins == 0
                                                    ? Mono.error(
                                                        ApiProblem.conflict(
                                                            "last_admin",
                                                            "user '"
                                                                + userId
                                                                + "' is the last admin: make"
                                                                + " another admin first"))
                                                    : Mono.just(hashes))));
    return tx.transactional(work)
        .flatMap(hashes -> invalidations.userChanged(userId, hashes))
        .thenReturn(ResponseEntity.noContent().build());
  }

  private static @Nullable String email(@Nullable String value, boolean required) {
    if (value == null) {
      if (required) {
        throw ApiProblem.badRequest("invalid_field", "email is required").with("field", "email");
      }
      return null;
    }
    if (value.length() > 320 || !value.matches("[^@\\s]+@[^@\\s]+")) {
      throw ApiProblem.badRequest("invalid_field", "email must look like name@example.com")
          .with("field", "email");
    }
    return value;
  }
}
