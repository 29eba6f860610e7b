package io.compozy.standalone;

import static io.compozy.standalone.PlatformClient.data;
import static io.compozy.standalone.PlatformClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.gateway.auth.ApiKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's constructs on the whole platform: retries through timers, containers, waits and control. */
class EngineFlowIntegrationTest {
  @TempDir static Path data;
  static final String KEY = ApiKeys.generate();
  static Standalone platform;
  static final PlatformClient client = new PlatformClient(() -> platform.gatewayPort(), KEY);

  @BeforeAll
  static void start() {
    platform = Standalone.start(new StandaloneOptions(data, Path.of("src/test/resources/projects/engine"), 0, 0, 0, 0, 0, KEY));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aFlakyToolIsRetriedAfterItsBackoffUntilItSucceeds() throws Exception {
    Map<String, Object> out = client.runToEnd("flaky", "{\"key\": \"k1\"}");
    assertThat(out).containsEntry("status", "success").containsEntry("output", Map.of("attempts", 3));
  }

  @Test
  void exhaustedRetriesTakeTheOnErrorPath() throws Exception {
    Map<String, Object> out = client.runToEnd("flaky", "{\"key\": \"k2\", \"failures\": 5}");
    assertThat(out).containsEntry("status", "success").containsEntry("output", Map.of("gave_up", true));
  }

  @Test
  void aCollectionAndAParallelTaskRunOnWorkers() throws Exception {
    Map<String, Object> out = client.runToEnd("fanout", "{\"words\": [\"a\", \"b\", \"c\"]}");
    assertThat(out).containsEntry("status", "success");
    assertThat(out.get("output")).isEqualTo(Map.of(
        "words", List.of(Map.of("text", "A"), Map.of("text", "B"), Map.of("text", "C")), "first", "A", "count", 3));
  }

  @Test
  void aWaitingExecutionPausesResumesAndGoesOnWithItsSignal() throws Exception {
    String execId = client.start("approval", "{}");
    client.awaitStatus(execId, "waiting");
    assertThat(client.call("POST", "/executions/workflows/" + execId + "/resume", null).statusCode()).isEqualTo(409);
    assertThat(client.call("POST", "/executions/workflows/" + execId + "/pause", null).statusCode()).isEqualTo(202);
    client.awaitStatus(execId, "paused");
    assertThat(client.call("POST", "/executions/workflows/" + execId + "/resume", null).statusCode()).isEqualTo(202);
    client.awaitStatus(execId, "waiting");
    HttpResponse<String> wrong = client.call("POST", "/executions/workflows/" + execId + "/signals",
        "{\"signal_name\": \"approve\", \"payload\": {\"ok\": false}}");
    assertThat(wrong.statusCode()).isEqualTo(202);
    assertThat(client.call("POST", "/executions/workflows/" + execId + "/signals",
        "{\"signal_name\": \"approve\", \"payload\": {\"ok\": true, \"by\": \"ana\"}}").statusCode()).isEqualTo(202);
    client.awaitStatus(execId, "success");
    assertThat(data(client.call("GET", "/executions/workflows/" + execId + "/outputs", null))).containsEntry("output", Map.of("by", "ana"));
  }

  @Test
  void cancelEndsAWaitingExecutionAndAFinishedOneRefusesControl() throws Exception {
    String execId = client.start("approval", "{}");
    client.awaitStatus(execId, "waiting");
    assertThat(client.call("POST", "/executions/workflows/" + execId + "/cancel", null).statusCode()).isEqualTo(202);
    client.awaitStatus(execId, "canceled");
    HttpResponse<String> again = client.call("POST", "/executions/workflows/" + execId + "/cancel", null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again)).containsEntry("code", "invalid_transition").containsEntry("status", "canceled");
    assertThat(client.call("POST", "/executions/workflows/" + execId + "/signals", "{\"signal_name\": \"approve\"}").statusCode()).isEqualTo(409);
    assertThat(client.call("POST", "/executions/workflows/" + execId + "/signals", "{\"payload\": {}}").statusCode()).isEqualTo(422);
    assertThat(client.call("POST", "/executions/workflows/exec_00000000-0000-7000-8000-000000000000/cancel", null).statusCode()).isEqualTo(404);
  }
}
