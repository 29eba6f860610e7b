package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.compozy.gateway.auth.ApiKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;

/** Every way a request can fail to authenticate, and keys that stop working. */
class AuthenticationTest extends GatewayTestBase {
  @Autowired ApplicationContext context;

  @Test
  void apiKeysAreTheOnlyCredentialsNoDefaultUserWithAGeneratedPassword() throws Exception {
    // Spring Boot makes (and logs the password of) a user when no authentication manager is a bean
    assertThat(context.getBeanProvider(ReactiveUserDetailsService.class).getIfAvailable()).isNull();
    var basic =
        send("GET", "/api/v0/workflows", null, "Authorization", "Basic dXNlcjpwYXNzd29yZA==");
    assertThat(basic.statusCode()).isEqualTo(400);
    assertThat(json(basic)).containsEntry("code", "malformed_authorization");
  }

  @Test
  void aKeyLearnsWhoItIsAndWhatRoleItActsWithAndWithoutAKeyThereIsNoOne() throws Exception {
    String read = userKey("read");
    var me = as(read, "GET", "/api/v0/auth/me", null);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(data(me)).containsEntry("role", "read").containsKeys("key_id", "user_id");
    var narrowed = as(ADMIN_KEY, "POST", "/api/v0/auth/keys", "{\"role\": \"write\"}");
    assertThat(data(as((String) data(narrowed).get("key"), "GET", "/api/v0/auth/me", null)))
        .containsEntry("role", "write")
        .containsEntry("key_id", data(narrowed).get("id"));
    assertThat(send("GET", "/api/v0/auth/me", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aMissingKeyIs401WithTheBearerChallenge() throws Exception {
    var r = send("GET", "/api/v0/workflows", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"compozy\"");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(json(r)).containsEntry("code", "unauthorized").containsKey("request_id");
  }

  @Test
  void aMalformedAuthorizationHeaderIs400() throws Exception {
    for (String header :
        List.of(
            "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer", "Bearer a b", "Token cpzy_x", "cpzy_abc")) {
      var r = send("GET", "/api/v0/workflows", null, "Authorization", header);
      assertThat(r.statusCode()).as(header).isEqualTo(400);
      assertThat(json(r)).containsEntry("code", "malformed_authorization");
    }
  }

  @Test
  void twoAuthorizationHeadersAre400WhicheverComesFirst() throws Exception {
    String read = userKey("read");
    for (String[] pair :
        new String[][] {{ADMIN_KEY, read}, {read, ADMIN_KEY}, {ADMIN_KEY, ADMIN_KEY}}) {
      var r =
          send(
              "GET",
              "/api/v0/users",
              null,
              "Authorization",
              "Bearer " + pair[0],
              "Authorization",
              "Bearer " + pair[1]);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(json(r).get("detail").toString()).contains("one Authorization header");
    }
  }

  @Test
  void unknownAndWrongKeysAre401() throws Exception {
    String unknown = ApiKeys.generate();
    for (String key :
        List.of(unknown, "not-a-key", ADMIN_KEY.substring(0, ADMIN_KEY.length() - 1) + "X")) {
      var r = send("GET", "/api/v0/workflows", null, "Authorization", "Bearer " + key);
      assertThat(r.statusCode()).as(key).isEqualTo(401);
      assertThat(json(r)).containsEntry("code", "unauthorized");
    }
  }

  @Test
  void theSchemeIsCaseInsensitive() throws Exception {
    for (String scheme : List.of("Bearer", "bearer", "BEARER")) {
      var r = send("GET", "/api/v0/workflows", null, "Authorization", scheme + " " + ADMIN_KEY);
      assertThat(r.statusCode()).as(scheme).isEqualTo(200);
    }
  }

  @Test
  void aRevokedKeyIs401AtOnce() throws Exception {
    String key = userKey("write");
    assertThat(as(key, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(200);
    String keyId = ownKeys(key).getFirst().get("id").toString();
    assertThat(as(key, "DELETE", "/api/v0/auth/keys/" + keyId, null).statusCode()).isEqualTo(204);
    assertThat(as(key, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(401);
  }

  @Test
  void anExpiredKeyIs401EvenWhenCached() throws Exception {
    var created =
        as(ADMIN_KEY, "POST", "/api/v0/auth/keys", "{\"name\": \"short\", \"expires_in\": \"2s\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    String key = (String) data(created).get("key");
    assertThat(as(key, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> as(key, "GET", "/api/v0/workflows", null).statusCode() == 401);
  }

  @Test
  void theKeyIsShownOnceAndOnlyItsPrefixAfter() throws Exception {
    var created = as(ADMIN_KEY, "POST", "/api/v0/auth/keys", "{\"name\": \"ci\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("/api/v0/auth/keys/key_"));
    String key = (String) data(created).get("key");
    assertThat(key).matches("cpzy_[A-Za-z0-9_-]{43}");
    String id = (String) data(created).get("id");
    var listed = as(ADMIN_KEY, "GET", "/api/v0/auth/keys", null);
    assertThat(listed.body()).doesNotContain(key).contains(id).contains(key.substring(0, 11));
  }

  @Test
  void lastUsedIsRecordedWithoutAWritePerRequest() throws Exception {
    String key = userKey("read");
    assertThat(ownKeys(key).getFirst().get("last_used_at")).isNull();
    for (int i = 0; i < 5; i++) {
      as(key, "GET", "/api/v0/workflows", null);
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Object at = ownKeys(key).getFirst().get("last_used_at");
              assertThat(at).isNotNull();
            });
  }

  @Test
  void badKeyRequestsAreClear4xx() throws Exception {
    var badRole = as(ADMIN_KEY, "POST", "/api/v0/auth/keys", "{\"role\": \"owner\"}");
    assertThat(badRole.statusCode()).isEqualTo(400);
    assertThat(json(badRole)).containsEntry("field", "role");
    var both =
        as(
            ADMIN_KEY,
            "POST",
            "/api/v0/auth/keys",
            "{\"expires_at\": \"2030-01-01T00:00:00Z\", \"expires_in\": \"1d\"}");
    assertThat(both.statusCode()).isEqualTo(400);
    var past =
        as(ADMIN_KEY, "POST", "/api/v0/auth/keys", "{\"expires_at\": \"2001-01-01T00:00:00Z\"}");
    assertThat(past.statusCode()).isEqualTo(400);
    assertThat(json(past)).containsEntry("field", "expires_at");
    var badTime = as(ADMIN_KEY, "POST", "/api/v0/auth/keys", "{\"expires_at\": \"tomorrow\"}");
    assertThat(badTime.statusCode()).isEqualTo(400);
    var notJson = as(ADMIN_KEY, "POST", "/api/v0/auth/keys", "{\"name\": ");
    assertThat(notJson.statusCode()).isEqualTo(400);
    var unknownKey = as(ADMIN_KEY, "DELETE", "/api/v0/auth/keys/key_nope", null);
    assertThat(unknownKey.statusCode()).isEqualTo(404);
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> ownKeys(String key) throws Exception {
    var r = as(key, "GET", "/api/v0/auth/keys", null);
    assertThat(r.statusCode()).isEqualTo(200);
    return (List<Map<String, Object>>) json(r).get("data");
  }
}
