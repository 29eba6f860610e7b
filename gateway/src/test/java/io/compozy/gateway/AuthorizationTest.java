package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.infra.embedded.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** The route table: what each role may do, and identities a client cannot forge. */
class AuthorizationTest extends GatewayTestBase {

  private record Call(String method, String path, String body) {}

  private static final Call READ_DEFINITION = new Call("GET", "/api/v0/workflows", null);
  private static final Call CHANGE_DEFINITION =
      new Call("PUT", "/api/v0/workflows/wf-1", "{\"id\": \"wf-1\"}");
  private static final Call START_EXECUTION =
      new Call("POST", "/api/v0/workflows/wf-1/executions", "{\"input\": {}}");

  @Test
  void eachRoleMayDoWhatTheTableSays() throws Exception {
    // the registry route leads to an echo (200); the execution service is down (503): both mean
    // "allowed"
    Map<String, List<Integer>> expected =
        Map.of(
            "read", List.of(200, 403, 403, 403),
            "write", List.of(200, 200, 503, 403),
            "admin", List.of(200, 200, 503, 201));
    for (var role : expected.entrySet()) {
      String key = userKey(role.getKey());
      List<Call> calls =
          List.of(
              READ_DEFINITION,
              CHANGE_DEFINITION,
              START_EXECUTION,
              new Call(
                  "POST",
                  "/api/v0/users",
                  "{\"email\": \"u-" + UUID.randomUUID() + "@example.com\", \"role\": \"read\"}"));
      for (int i = 0; i < calls.size(); i++) {
        Call c = calls.get(i);
        var r = as(key, c.method(), c.path(), c.body());
        assertThat(r.statusCode())
            .as(role.getKey() + " " + c.method() + " " + c.path() + ": " + r.body())
            .isEqualTo(role.getValue().get(i));
      }
    }
  }

  @Test
  void aWrongRoleIs403NamingTheRoleNeeded() throws Exception {
    String read = userKey("read");
    var start = as(read, START_EXECUTION.method(), START_EXECUTION.path(), START_EXECUTION.body());
    assertThat(start.statusCode()).isEqualTo(403);
    assertThat(json(start)).containsEntry("code", "forbidden");
    assertThat(json(start).get("detail").toString()).contains("write role");
    String write = userKey("write");
    var users = as(write, "GET", "/api/v0/users", null);
    assertThat(users.statusCode()).isEqualTo(403);
    assertThat(json(users).get("detail").toString()).contains("admin role");
    var export = as(write, "GET", "/api/v0/admin/export", null);
    assertThat(export.statusCode()).isEqualTo(403);
  }

  @Test
  void aKeyMayBeNarrowedButNeverWidened() throws Exception {
    String write = userKey("write");
    var wider = as(write, "POST", "/api/v0/auth/keys", "{\"role\": \"admin\"}");
    assertThat(wider.statusCode()).isEqualTo(403);
    var narrowed =
        as(write, "POST", "/api/v0/auth/keys", "{\"role\": \"read\", \"name\": \"dashboards\"}");
    assertThat(narrowed.statusCode()).isEqualTo(201);
    String readOnly = (String) data(narrowed).get("key");
    assertThat(as(readOnly, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(200);
    assertThat(
            as(
                    readOnly,
                    CHANGE_DEFINITION.method(),
                    CHANGE_DEFINITION.path(),
                    CHANGE_DEFINITION.body())
                .statusCode())
        .isEqualTo(403);
  }

  /**
   * The whole matrix: for each user role, each key of that user narrowed to a role at most the
   * user's, and each requested role (or none), a key is minted only when the calling key itself has
   * that role, and the minted key can do no more than its caller.
   */
  @Test
  void aKeyMintsOnlyKeysWithAtMostItsOwnRole() throws Exception {
    List<String> roles = List.of("read", "write", "admin");
    for (int user = 0; user < roles.size(); user++) {
      String userId = newUser(roles.get(user));
      for (int caller = 0; caller <= user; caller++) {
        String callerKey = keyOf(userId, roles.get(caller));
        for (int asked = 0; asked < roles.size(); asked++) {
          var r =
              as(
                  callerKey,
                  "POST",
                  "/api/v0/auth/keys",
                  "{\"role\": \"" + roles.get(asked) + "\"}");
          String what =
              "a "
                  + roles.get(caller)
                  + " key of a "
                  + roles.get(user)
                  + " user asking for "
                  + roles.get(asked)
                  + ": "
                  + r.body();
          assertThat(r.statusCode()).as(what).isEqualTo(asked <= caller ? 201 : 403);
          if (r.statusCode() == 403) {
            assertThat(json(r)).as(what).containsEntry("field", "role");
          }
        }
        var omitted = as(callerKey, "POST", "/api/v0/auth/keys", "{\"name\": \"no role given\"}");
        assertThat(omitted.statusCode()).isEqualTo(201);
        assertThat(data(omitted)).as("omitted role").containsEntry("role", roles.get(caller));
        String minted = (String) data(omitted).get("key");
        assertThat(as(minted, "GET", "/api/v0/users", null).statusCode())
            .as("a key minted by a " + roles.get(caller) + " key reads /users")
            .isEqualTo(caller == 2 ? 200 : 403);
        assertThat(
                as(
                        minted,
                        CHANGE_DEFINITION.method(),
                        CHANGE_DEFINITION.path(),
                        CHANGE_DEFINITION.body())
                    .statusCode())
            .isEqualTo(caller >= 1 ? 200 : 403);
      }
    }
  }

  @Test
  void aMintedKeyNeitherOutlivesNorOutpacesItsCaller() throws Exception {
    var created =
        as(
            ADMIN_KEY,
            "POST",
            "/api/v0/auth/keys",
            "{\"name\": \"short\", \"expires_in\": \"2h\", \"rate_limit\": {\"rate\": 5, \"burst\":"
                + " 10}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    var limited = data(created);
    String key = (String) limited.get("key");
    var longer = as(key, "POST", "/api/v0/auth/keys", "{\"expires_in\": \"30d\"}");
    assertThat(longer.statusCode()).as(longer.body()).isEqualTo(403);
    assertThat(json(longer)).containsEntry("field", "expires_at");
    var faster =
        as(key, "POST", "/api/v0/auth/keys", "{\"rate_limit\": {\"rate\": 500, \"burst\": 1000}}");
    assertThat(faster.statusCode()).isEqualTo(403);
    assertThat(json(faster)).containsEntry("field", "rate_limit");
    var inherited = data(as(key, "POST", "/api/v0/auth/keys", "{}"));
    assertThat(inherited.get("expires_at")).isEqualTo(limited.get("expires_at"));
    assertThat(inherited.get("rate_limit")).isEqualTo(limited.get("rate_limit"));
  }

  @Test
  void aNarrowedKeyRevokesNoStrongerKeyOfItsUser() throws Exception {
    String userId = newUser("admin");
    String adminKey = keyOf(userId, "admin");
    var readKey = data(as(adminKey, "POST", "/api/v0/auth/keys", "{\"role\": \"read\"}"));
    @SuppressWarnings("unchecked")
    var keys =
        (List<Map<String, Object>>)
            json(as(adminKey, "GET", "/api/v0/auth/keys", null)).get("data");
    String adminKeyId =
        keys.stream()
            .filter(k -> "admin".equals(k.get("role")))
            .findFirst()
            .orElseThrow()
            .get("id")
            .toString();
    String read = (String) readKey.get("key");
    assertThat(as(read, "DELETE", "/api/v0/auth/keys/" + adminKeyId, null).statusCode())
        .isEqualTo(403);
    assertThat(as(adminKey, "GET", "/api/v0/users", null).statusCode()).isEqualTo(200);
    assertThat(as(read, "DELETE", "/api/v0/auth/keys/" + readKey.get("id"), null).statusCode())
        .as("a key may revoke itself")
        .isEqualTo(204);
  }

  private String newUser(String role) throws Exception {
    var user =
        as(
            ADMIN_KEY,
            "POST",
            "/api/v0/users",
            "{\"email\": \""
                + role
                + "-"
                + UUID.randomUUID()
                + "@example.com\", \"role\": \""
                + role
                + "\"}");
    assertThat(user.statusCode()).isEqualTo(201);
    return (String) data(user).get("id");
  }

  private String keyOf(String userId, String role) throws Exception {
    var key =
        as(
            ADMIN_KEY,
            "POST",
            "/api/v0/auth/keys",
            "{\"user_id\": \"" + userId + "\", \"role\": \"" + role + "\"}");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    return (String) data(key).get("key");
  }

  @Test
  void anotherUsersKeysNeedAdmin() throws Exception {
    String alice = userKey("write");
    String bob = userKey("write");
    @SuppressWarnings("unchecked")
    var bobsKeys =
        (List<Map<String, Object>>) json(as(bob, "GET", "/api/v0/auth/keys", null)).get("data");
    String bobsKey = bobsKeys.getFirst().get("id").toString();
    String bobsUser = bobsKeys.getFirst().get("user_id").toString();
    assertThat(as(alice, "DELETE", "/api/v0/auth/keys/" + bobsKey, null).statusCode())
        .isEqualTo(403);
    assertThat(as(alice, "GET", "/api/v0/auth/keys?user_id=" + bobsUser, null).statusCode())
        .isEqualTo(403);
    assertThat(
            as(alice, "POST", "/api/v0/auth/keys", "{\"user_id\": \"" + bobsUser + "\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(as(ADMIN_KEY, "GET", "/api/v0/auth/keys?user_id=" + bobsUser, null).statusCode())
        .isEqualTo(200);
    assertThat(as(ADMIN_KEY, "DELETE", "/api/v0/auth/keys/" + bobsKey, null).statusCode())
        .isEqualTo(204);
    assertThat(as(bob, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(401);
  }

  @Test
  @SuppressWarnings("unchecked")
  void forgedIdentityHeadersAreDroppedAndTheServiceGetsASignedTokenOfTheCaller() throws Exception {
    String read = userKey("read");
    var r =
        send(
            "GET",
            "/api/v0/workflows",
            null,
            "Authorization",
            "Bearer " + read,
            "X-Compozy-User-Id",
            "usr_admin",
            "X-Compozy-Role",
            "admin",
            "X-Compozy-Key-Id",
            "key_forged",
            "X-Compozy-Anything",
            "x",
            "X-Request-ID",
            "client-chosen-id-1");
    assertThat(r.statusCode()).isEqualTo(200);
    var seen = (Map<String, Object>) data(r).get("headers");
    assertThat(seen.keySet()).noneMatch(name -> name.startsWith("x-compozy-"));
    String authorization = seen.get("authorization").toString();
    assertThat(authorization).startsWith("Bearer ").doesNotContain(read);
    var decoder =
        NimbusJwtDecoder.withSecretKey(new SecretKeySpec(internalKey(), "HmacSHA256")).build();
    var token = decoder.decode(authorization.substring("Bearer ".length()));
    assertThat(token.getSubject()).startsWith("usr_").isNotEqualTo("usr_admin");
    assertThat(token.getClaimAsString("role")).isEqualTo("read");
    assertThat(token.getClaimAsString("key_id")).startsWith("key_").isNotEqualTo("key_forged");
    assertThat(token.getClaimAsString("request_id")).isEqualTo("client-chosen-id-1");
    assertThat(token.getAudience()).containsExactly("compozy-services");
    assertThat(Duration.between(token.getIssuedAt(), token.getExpiresAt()))
        .isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(seen).containsEntry("x-request-id", "client-chosen-id-1");
    assertThat(r.headers().allValues("X-Request-ID")).containsExactly("client-chosen-id-1");
  }

  /** The token key as every service derives it from the internal secret. */
  private static byte[] internalKey() throws Exception {
    var mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            TestInfrastructure.INTERNAL_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return mac.doFinal("compozy internal service token v1".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRequestIdIsMadeWhenTheClientSendsNone() throws Exception {
    var r = as(ADMIN_KEY, "GET", "/api/v0/workflows", null);
    assertThat(r.headers().firstValue("X-Request-ID")).isPresent();
  }
}
