package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The route table: what each role may do, and identities a client cannot forge. */
class AuthorizationTest extends GatewayTestBase {

  private record Call(String method, String path, String body) {}

  private static final Call READ_DEFINITION = new Call("GET", "/api/v0/workflows", null);
  private static final Call CHANGE_DEFINITION = new Call("PUT", "/api/v0/workflows/wf-1", "{\"id\": \"wf-1\"}");
  private static final Call START_EXECUTION = new Call("POST", "/api/v0/workflows/wf-1/executions", "{\"input\": {}}");

  @Test
  void eachRoleMayDoWhatTheTableSays() throws Exception {
    // the registry route leads to an echo (200); the execution service is down (503): both mean "allowed"
    Map<String, List<Integer>> expected = Map.of(
        "read", List.of(200, 403, 403, 403),
        "write", List.of(200, 200, 503, 403),
        "admin", List.of(200, 200, 503, 201));
    for (var role : expected.entrySet()) {
      String key = userKey(role.getKey());
      List<Call> calls = List.of(READ_DEFINITION, CHANGE_DEFINITION, START_EXECUTION,
          new Call("POST", "/api/v0/users", "{\"email\": \"u-" + java.util.UUID.randomUUID() + "@example.com\", \"role\": \"read\"}"));
      for (int i = 0; i < calls.size(); i++) {
        Call c = calls.get(i);
        var r = as(key, c.method(), c.path(), c.body());
        assertThat(r.statusCode()).as(role.getKey() + " " + c.method() + " " + c.path() + ": " + r.body()).isEqualTo(role.getValue().get(i));
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
    var narrowed = as(write, "POST", "/api/v0/auth/keys", "{\"role\": \"read\", \"name\": \"dashboards\"}");
    assertThat(narrowed.statusCode()).isEqualTo(201);
    String readOnly = (String) data(narrowed).get("key");
    assertThat(as(readOnly, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(200);
    assertThat(as(readOnly, CHANGE_DEFINITION.method(), CHANGE_DEFINITION.path(), CHANGE_DEFINITION.body()).statusCode()).isEqualTo(403);
  }

  @Test
  void anotherUsersKeysNeedAdmin() throws Exception {
    String alice = userKey("write");
    String bob = userKey("write");
    @SuppressWarnings("unchecked")
    var bobsKeys = (List<Map<String, Object>>) json(as(bob, "GET", "/api/v0/auth/keys", null)).get("data");
    String bobsKey = bobsKeys.getFirst().get("id").toString();
    String bobsUser = bobsKeys.getFirst().get("user_id").toString();
    assertThat(as(alice, "DELETE", "/api/v0/auth/keys/" + bobsKey, null).statusCode()).isEqualTo(403);
    assertThat(as(alice, "GET", "/api/v0/auth/keys?user_id=" + bobsUser, null).statusCode()).isEqualTo(403);
    assertThat(as(alice, "POST", "/api/v0/auth/keys", "{\"user_id\": \"" + bobsUser + "\"}").statusCode()).isEqualTo(403);
    assertThat(as(ADMIN_KEY, "GET", "/api/v0/auth/keys?user_id=" + bobsUser, null).statusCode()).isEqualTo(200);
    assertThat(as(ADMIN_KEY, "DELETE", "/api/v0/auth/keys/" + bobsKey, null).statusCode()).isEqualTo(204);
    assertThat(as(bob, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(401);
  }

  @Test
  @SuppressWarnings("unchecked")
  void forgedIdentityHeadersAreReplacedByTheGateway() throws Exception {
    String read = userKey("read");
    var r = send("GET", "/api/v0/workflows", null, "Authorization", "Bearer " + read,
        "X-Compozy-User-Id", "usr_admin", "X-Compozy-Role", "admin", "X-Compozy-Key-Id", "key_forged", "X-Compozy-Anything", "x",
        "X-Request-ID", "client-chosen-id-1");
    assertThat(r.statusCode()).isEqualTo(200);
    var seen = (Map<String, Object>) data(r).get("headers");
    assertThat(seen.get("x-compozy-user-id").toString()).startsWith("usr_").isNotEqualTo("usr_admin");
    assertThat(seen).containsEntry("x-compozy-role", "read").doesNotContainKey("x-compozy-anything");
    assertThat(seen.get("x-compozy-key-id").toString()).startsWith("key_").isNotEqualTo("key_forged");
    assertThat(seen).containsEntry("x-request-id", "client-chosen-id-1");
    assertThat(r.headers().allValues("X-Request-ID")).containsExactly("client-chosen-id-1");
  }

  @Test
  void aRequestIdIsMadeWhenTheClientSendsNone() throws Exception {
    var r = as(ADMIN_KEY, "GET", "/api/v0/workflows", null);
    assertThat(r.headers().firstValue("X-Request-ID")).isPresent();
  }
}
