package io.compozy.standalone;

import static io.compozy.standalone.PlatformClient.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.gateway.auth.ApiKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The support-triage example on the whole platform, to its {@code # expect:} outputs: an agent with
 * the scripted mock model calls a script tool, answers with structured output, and the workflow
 * routes, fans out and waits for the approval signal.
 */
class SupportTriageIntegrationTest {
  @TempDir static Path data;
  static final String KEY = ApiKeys.generate();
  static Standalone platform;
  static final PlatformClient client = new PlatformClient(() -> platform.gatewayPort(), KEY);

  @BeforeAll
  static void start() {
    platform =
        Standalone.start(
            new StandaloneOptions(
                data, Path.of("../../examples/support-triage"), 0, 0, 0, 0, 0, KEY));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aRefundTicketIsClassifiedThroughTheToolFannedOutAndWaitsForApproval() throws Exception {
    String execId = client.start("triage", "{\"ticket\": \"I want a refund for my last invoice\"}");
    client.awaitStatus(execId, "waiting", "failed");
    Map<String, Object> waiting = data(client.call("GET", "/executions/workflows/" + execId, null));
    assertThat(waiting).as(waiting.toString()).containsEntry("status", "waiting");
    // two model calls (the tool call, then the answer), counted as the mock counts: by words
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Number>> usage =
        (Map<String, Map<String, Number>>) waiting.get("usage");
    assertThat(usage).containsOnlyKeys("mock:scripted");
    assertThat(usage.get("mock:scripted").get("requests").intValue()).isEqualTo(2);
    assertThat(usage.get("mock:scripted").get("prompt_tokens").intValue()).isGreaterThan(10);
    assertThat(usage.get("mock:scripted").get("completion_tokens").intValue()).isGreaterThan(0);
    assertThat(
            client
                .call(
                    "POST",
                    "/executions/workflows/" + execId + "/signals",
                    "{\"signal_name\": \"approved\", \"payload\": {\"by\": \"grace\"}}")
                .statusCode())
        .isEqualTo(202);
    client.awaitStatus(execId, "success", "failed");
    Map<String, Object> out =
        data(client.call("GET", "/executions/workflows/" + execId + "/outputs", null));
    assertThat(out.get("output"))
        .isEqualTo(
            Map.of(
                "category",
                "billing",
                "priority",
                "high",
                "labels",
                List.of(Map.of("label", "triage/refund"), Map.of("label", "triage/invoice")),
                "approved_by",
                "grace"));
  }

  @Test
  void aGreetingIsFiledWithoutWaiting() throws Exception {
    Map<String, Object> out = client.runToEnd("triage", "{\"ticket\": \"hello\"}");
    assertThat(out).as(out.toString()).containsEntry("status", "success");
    assertThat(out.get("output"))
        .isEqualTo(
            Map.of("category", "other", "priority", "low", "labels", List.of(), "approved_by", ""));
  }
}
