package io.compozy.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.gateway.auth.AccessTable.Need;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

class AccessTableTest {

  @ParameterizedTest(name = "{0} {1} needs {2}")
  @CsvSource({
    "GET,    /healthz,                              NOTHING",
    "GET,    /api/v0/health,                        NOTHING",
    "POST,   /api/v0/hooks/deploy,                  NOTHING",
    "GET,    /docs,                                 NOTHING",
    "GET,    /openapi.json,                         NOTHING",
    "GET,    /api/v0/users,                         ADMIN",
    "GET,    /api/v0/users/usr_1,                   ADMIN",
    "GET,    /api/v0/admin/export,                  ADMIN",
    "POST,   /api/v0/auth/keys,                     READ",
    "DELETE, /api/v0/auth/keys/key_1,               READ",
    "GET,    /api/v0/workflows,                     READ",
    "HEAD,   /api/v0/executions/exec_1,             READ",
    "PUT,    /api/v0/workflows/wf,                  WRITE",
    "POST,   /api/v0/workflows/wf/executions,       WRITE",
    "POST,   /api/v0/executions/exec_1/cancel,      WRITE",
    "DELETE, /api/v0/schedules/s,                   WRITE",
    "POST,   /api/v0/knowledge-bases/kb/query,      READ",
    "POST,   /api/v0/knowledge-bases/kb/ingest,     WRITE",
    "POST,   /api/v0/knowledge-bases/kb/ingestions/ing_1/cancel, WRITE",
    "POST,   /api/v0/knowledge-bases/kb/query/x,    WRITE",
    "GET,    /api/v1/workflows,                     NOT_SERVED",
    "GET,    /etc/passwd,                           NOT_SERVED",
    "GET,    /actuator/env,                         NOT_SERVED"
  })
  void eachRequestNeedsWhatTheTableSays(String method, String path, Need expected) {
    assertThat(AccessTable.need(HttpMethod.valueOf(method), PathContainer.parsePath(path)))
        .isEqualTo(expected);
  }

  @Test
  void aRoleCoversTheRolesBelowIt() {
    assertThat(Role.ADMIN.covers(Need.WRITE.role())).isTrue();
    assertThat(Role.WRITE.covers(Need.READ.role())).isTrue();
    assertThat(Role.READ.covers(Need.WRITE.role())).isFalse();
    assertThat(Need.NOTHING.role()).isNull();
    assertThat(Need.NOT_SERVED.role()).isNull();
  }
}
