package io.compozy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.infra.embedded.TestInfrastructure;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Compozy's admin reads and reload: provenance from the version history, a reload from the store.
 */
class AdminApiTest extends RegistryApi {
  private static String workflow(String id, String description) {
    return "{\"id\": \""
        + id
        + "\", \"description\": \""
        + description
        + "\", \"tasks\": [{\"id\": \"a\", \"type\": \"aggregate\", \"outputs\": {\"x\": 1}}]}";
  }

  @Test
  @SuppressWarnings("unchecked")
  void provenanceSaysWhoChangedWhatAndWhen() throws Exception {
    String id = "prov-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            send(
                    "PUT",
                    "/workflows/" + id,
                    workflow(id, "one"),
                    "Authorization",
                    TestInfrastructure.bearer("usr_alice"))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            send(
                    "PUT",
                    "/workflows/" + id,
                    workflow(id, "two"),
                    "Authorization",
                    TestInfrastructure.bearer("usr_bob"))
                .statusCode())
        .isEqualTo(200);

    var one = send("GET", "/admin/meta/workflow/" + id, null);
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    assertThat(data(one))
        .containsEntry("type", "workflows")
        .containsEntry("version", 2)
        .containsEntry("versions", 2)
        .containsEntry("created_by", "usr_alice")
        .containsEntry("updated_by", "usr_bob")
        .containsEntry("source", "api");
    assertThat(data(send("GET", "/admin/meta/workflows/" + id, null))).containsEntry("version", 2);

    List<Map<String, Object>> changes =
        (List<Map<String, Object>>)
            data(send("GET", "/admin/meta/changes?limit=500", null)).get("changes");
    assertThat(changes)
        .filteredOn(c -> id.equals(c.get("id")))
        .extracting(c -> c.get("changed_by"))
        .containsExactly("usr_bob", "usr_alice");
    assertThat(changes)
        .extracting(c -> Instant.parse((String) c.get("changed_at")))
        .isSortedAccordingTo(Comparator.reverseOrder());
    assertThat((List<?>) data(send("GET", "/admin/meta/changes?limit=1", null)).get("changes"))
        .hasSize(1);

    assertThat(send("GET", "/admin/meta/workflows/no-such-" + id, null).statusCode())
        .isEqualTo(404);
    var badType = send("GET", "/admin/meta/gizmos/" + id, null);
    assertThat(badType.statusCode()).isEqualTo(400);
    assertThat(json(badType)).containsEntry("field", "type");
    for (String limit : List.of("0", "501", "abc")) {
      var bad = send("GET", "/admin/meta/changes?limit=" + limit, null);
      assertThat(bad.statusCode()).as(limit).isEqualTo(400);
      assertThat(json(bad)).containsEntry("field", "limit");
    }
  }

  @Test
  void aReloadRepublishesTheStoredDefinitionsAndNeedsAProjectDirectoryForRepo() throws Exception {
    String id = "reload-" + UUID.randomUUID().toString().substring(0, 8);
    send("PUT", "/workflows/" + id, workflow(id, "one"));
    var reloaded = send("POST", "/admin/reload", null);
    assertThat(reloaded.statusCode()).as(reloaded.body()).isEqualTo(200);
    assertThat(data(reloaded)).containsEntry("source", "builder");
    assertThat(((Number) data(reloaded).get("republished")).intValue()).isPositive();
    assertThat(data(send("POST", "/admin/reload?source=store", null)))
        .containsEntry("source", "builder");

    var noDirectory = send("POST", "/admin/reload?source=yaml", null);
    assertThat(noDirectory.statusCode()).isEqualTo(409);
    assertThat(json(noDirectory)).containsEntry("code", "no_project_directory");
    var bad = send("POST", "/admin/reload?source=git", null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad)).containsEntry("field", "source");
  }

  /**
   * Compozy's project file import and export need the server's project directory: without one, a
   * clear 409.
   */
  @Test
  void theProjectFileNeedsAProjectDirectory() throws Exception {
    for (String path : List.of("/project/import", "/project/export")) {
      var r = send("POST", path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(409);
      assertThat(json(r)).containsEntry("code", "no_project_directory");
    }
    var bad = send("POST", "/project/import?strategy=merge", null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad)).containsEntry("field", "strategy");
  }
}
