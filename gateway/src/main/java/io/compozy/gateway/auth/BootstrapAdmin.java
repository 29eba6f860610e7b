package io.compozy.gateway.auth;

import java.io.PrintStream;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The first admin: when no user exists, creates one with a key, either {@code COMPOZY_ADMIN_KEY} or
 * a generated one printed once (with a curl line to try). A configured key that is not stored yet
 * is added to the first admin, so an operator can always get in with it.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {
  private final AuthProperties properties;
  private final UserStore users;
  private final ApiKeyStore store;
  private final ApiKeys keys;
  private final TransactionalOperator tx;
  private final int port;
  private final DatabaseClient db;

  BootstrapAdmin(
      AuthProperties properties,
      UserStore users,
      ApiKeyStore store,
      ApiKeys keys,
      TransactionalOperator tx,
      DatabaseClient db,
      @Value("${compozy.gateway.public-port:${server.port}}") int port) {
    this.db = db;
    this.properties = properties;
    this.users = users;
    this.store = store;
    this.keys = keys;
    this.tx = tx;
    this.port = port;
  }

  @Override
  public void run(ApplicationArguments args) {
    String configured =
        properties.adminKey() == null || properties.adminKey().isBlank()
            ? null
            : properties.adminKey();
    if (configured != null && !ApiKeys.isWellFormed(configured)) {
      throw new IllegalStateException(
          "COMPOZY_ADMIN_KEY must look like a generated key: cpzy_ followed by 43 base64url"
              + " characters");
    }
    Mono<Void> work =
        users
            .count()
            .flatMap(
                count -> {
                  if (count == 0) {
                    String key = configured != null ? configured : ApiKeys.generate();
                    return users
                        .create(properties.adminEmail(), "admin", Role.ADMIN)
                        .flatMap(
                            user -> store.create(newKey(user.id(), key, "bootstrap admin key")))
                        .doOnSuccess(
                            k -> {
                              if (configured == null) {
                                announce(key);
                              }
                            })
                        .then();
                  }
                  if (configured == null) {
                    return Mono.empty();
                  }
                  byte[] hash = keys.hash(configured);
                  return store
                      .keyExists(hash)
                      .flatMap(
                          exists ->
                              exists
                                  ? Mono.<Void>empty()
                                  : users
                                      .firstAdminId()
                                      .flatMap(
                                          user ->
                                              store.create(
                                                  newKey(user, configured, "configured admin key")))
                                      .then());
                });
    // gateways starting side by side (a cluster, a rollout) take turns: one creates the first
    // admin, the others then see it
    Mono<Void> alone =
        db.sql("select pg_advisory_xact_lock(hashtext('compozy.bootstrap-admin'))")
            .then()
            .then(work);
    // start-up work: no request is served before the first admin exists
    tx.transactional(alone).block(Duration.ofSeconds(60));
  }

  private ApiKeyStore.NewKey newKey(String userId, String key, String name) {
    return new ApiKeyStore.NewKey(
        userId, keys.hash(key), ApiKeys.displayPrefix(key), name, null, null, null);
  }

  private void announce(String key) {
    PrintStream out = System.out;
    out.println();
    out.println(
        "  Compozy: created the first admin API key. It is shown only this once; keep it safe:");
    out.println();
    out.println("    export COMPOZY_API_KEY=" + key);
    out.println();
    out.println("  Try it:");
    out.println(
        "    curl -X POST http://localhost:"
            + port
            + "/api/v0/workflows/my-workflow/executions \\");
    out.println(
        "      -H \"Content-Type: application/json\" -H \"Authorization: Bearer $COMPOZY_API_KEY\""
            + " \\");
    out.println("      -d '{\"input\": {\"message\": \"Hello, world!\"}}'");
    out.println();
    out.flush();
  }
}
