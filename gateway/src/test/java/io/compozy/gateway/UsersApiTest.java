package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /api/v0/users}: an admin manages users; changes reach the keys at once. */
class UsersApiTest extends GatewayTestBase {

  @Test
  void createReadChangeAndDeleteAUser() throws Exception {
    String email = "ops-" + UUID.randomUUID() + "@example.com";
    var created =
        as(
            ADMIN_KEY,
            "POST",
            "/api/v0/users",
            "{\"email\": \"" + email + "\", \"role\": \"write\", \"name\": \"Ops\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    String id = (String) data(created).get("id");
    assertThat(id).startsWith("usr_");
    assertThat(created.headers().firstValue("Location")).contains("/api/v0/users/" + id);
    assertThat(data(as(ADMIN_KEY, "GET", "/api/v0/users/" + id, null)))
        .containsEntry("email", email)
        .containsEntry("role", "write");

    var duplicate =
        as(
            ADMIN_KEY,
            "POST",
            "/api/v0/users",
            "{\"email\": \"" + email + "\", \"role\": \"read\"}");
    assertThat(duplicate.statusCode()).isEqualTo(409);

    var changed = as(ADMIN_KEY, "PATCH", "/api/v0/users/" + id, "{\"role\": \"read\"}");
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(data(changed)).containsEntry("role", "read").containsEntry("name", "Ops");

    assertThat(as(ADMIN_KEY, "DELETE", "/api/v0/users/" + id, null).statusCode()).isEqualTo(204);
    assertThat(as(ADMIN_KEY, "GET", "/api/v0/users/" + id, null).statusCode()).isEqualTo(404);
    assertThat(as(ADMIN_KEY, "DELETE", "/api/v0/users/" + id, null).statusCode()).isEqualTo(404);
  }

  @SuppressWarnings("unchecked") // JSON read as maps
  @Test
  void aDemotionAppliesToTheUsersKeysAtOnce() throws Exception {
    String key = userKey("write");
    assertThat(as(key, "PUT", "/api/v0/workflows/wf", "{}").statusCode()).isEqualTo(200);
    String userId =
        (String)
            ((List<Map<String, Object>>)
                    json(as(key, "GET", "/api/v0/auth/keys", null)).get("data"))
                .getFirst()
                .get("user_id");
    assertThat(
            as(ADMIN_KEY, "PATCH", "/api/v0/users/" + userId, "{\"role\": \"read\"}").statusCode())
        .isEqualTo(200);
    assertThat(as(key, "PUT", "/api/v0/workflows/wf", "{}").statusCode()).isEqualTo(403);
    assertThat(as(ADMIN_KEY, "DELETE", "/api/v0/users/" + userId, null).statusCode())
        .isEqualTo(204);
    assertThat(as(key, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(401);
  }

  @SuppressWarnings("unchecked") // JSON read as maps
  @Test
  void theLastAdminStays() throws Exception {
    String adminId =
        (String)
            ((List<Map<String, Object>>)
                    json(as(ADMIN_KEY, "GET", "/api/v0/auth/keys", null)).get("data"))
                .getFirst()
                .get("user_id");
    // other tests made admins: they step down first, so this one is the last
    for (var u :
        (List<Map<String, Object>>)
            json(as(ADMIN_KEY, "GET", "/api/v0/users?limit=200", null)).get("data")) {
      if (u.get("role").equals("admin") && !u.get("id").equals(adminId)) {
        assertThat(
                as(ADMIN_KEY, "PATCH", "/api/v0/users/" + u.get("id"), "{\"role\": \"write\"}")
                    .statusCode())
            .isEqualTo(200);
      }
    }
    var demote = as(ADMIN_KEY, "PATCH", "/api/v0/users/" + adminId, "{\"role\": \"write\"}");
    assertThat(demote.statusCode()).isEqualTo(409);
    assertThat(json(demote)).containsEntry("code", "last_admin");
    assertThat(as(ADMIN_KEY, "DELETE", "/api/v0/users/" + adminId, null).statusCode())
        .isEqualTo(409);
    assertThat(as(ADMIN_KEY, "GET", "/api/v0/users", null).statusCode()).isEqualTo(200);
  }

  @Test
  void badUserInputIsAClear400() throws Exception {
    var noEmail = as(ADMIN_KEY, "POST", "/api/v0/users", "{\"role\": \"read\"}");
    assertThat(noEmail.statusCode()).isEqualTo(400);
    assertThat(json(noEmail)).containsEntry("field", "email");
    var badEmail =
        as(ADMIN_KEY, "POST", "/api/v0/users", "{\"email\": \"nobody\", \"role\": \"read\"}");
    assertThat(json(badEmail)).containsEntry("field", "email");
    var badRole =
        as(
            ADMIN_KEY,
            "POST",
            "/api/v0/users",
            "{\"email\": \"x@example.com\", \"role\": \"root\"}");
    assertThat(badRole.statusCode()).isEqualTo(400);
    assertThat(json(badRole)).containsEntry("field", "role");
    var noBody = as(ADMIN_KEY, "POST", "/api/v0/users", null);
    assertThat(noBody.statusCode()).isEqualTo(400);
    var badLimit = as(ADMIN_KEY, "GET", "/api/v0/users?limit=0", null);
    assertThat(badLimit.statusCode()).isEqualTo(400);
  }

  @Test
  @SuppressWarnings("unchecked")
  void usersArePagedWithALinkToTheNextPage() throws Exception {
    for (int i = 0; i < 3; i++) {
      userKey("read");
    }
    var first = as(ADMIN_KEY, "GET", "/api/v0/users?limit=2", null);
    assertThat((List<Object>) json(first).get("data")).hasSize(2);
    String link = first.headers().firstValue("Link").orElseThrow();
    String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
    var second = as(ADMIN_KEY, "GET", next, null);
    assertThat(second.statusCode()).isEqualTo(200);
    var firstIds =
        ((List<Map<String, Object>>) json(first).get("data"))
            .stream().map(u -> u.get("id")).toList();
    var secondIds =
        ((List<Map<String, Object>>) json(second).get("data"))
            .stream().map(u -> u.get("id")).toList();
    assertThat(secondIds).doesNotContainAnyElementsOf(firstIds).isNotEmpty();
  }
}
