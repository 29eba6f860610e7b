package io.compozy.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.ProjectLoader;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.execution.EventType;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.EngineCommand;
import io.compozy.contracts.message.ExecutionEvent;
import io.compozy.contracts.message.StartExecution;
import io.compozy.contracts.topic.ExecutionChannels;
import io.compozy.contracts.topic.Topics;
import io.compozy.execution.mcp.McpClientsTest;
import io.compozy.execution.run.IdempotencyKeys;
import io.compozy.execution.stream.ExecutionFeed;
import io.compozy.execution.stream.LlmChunks;
import io.compozy.infra.embedded.ServiceContractTest;
import io.compozy.infra.embedded.TestInfrastructure;
import io.compozy.support.catalog.ResourceCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/** The executions API of this service on its own: what it stores, what it sends, what it logs. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"compozy.stream.ping-interval=300ms", "compozy.execution.start.deadline=2s"})
@ExtendWith(OutputCaptureExtension.class)
class ExecutionServiceIntegrationTest extends ServiceContractTest {
  @Autowired ResourceCatalog catalog;
  @Autowired DatabaseClient db;

  ExecutionServiceIntegrationTest() {
    super(
        "engine",
        Set.of(
            "compozy.commands",
            "compozy.steps.tool",
            "compozy.steps.agent",
            "compozy.steps.memory",
            "compozy.step-results",
            "compozy.resources"),
        List.of("r2dbc", "redis", "kafka", "catalog"),
        "/api/v0/executions/workflows");
  }

  /**
   * Publishes the hello workflow as the registry would (the context has declared the topic by now).
   */
  static void publishTheHelloWorkflow() throws Exception {
    WorkflowDef wf = ProjectLoader.load(Path.of("../examples/hello")).workflows().getFirst();
    ResourceDocument doc =
        new ResourceDocument(
            "hello", ResourceKinds.WORKFLOW, wf.id(), 1, wf, Instant.now(), "test");
    Properties p = new Properties();
    p.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        TestInfrastructure.shared().endpoints().kafkaBootstrap());
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.RESOURCES, doc.key(), Json.write(doc))).get();
    }
  }

  WebTestClient client() {
    return WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port)
        .defaultHeader("Authorization", TestInfrastructure.bearer("usr_test"))
        .build();
  }

  @SuppressWarnings("unchecked") // JSON read as maps
  @Test
  @Order(2)
  void aStartWritesThePendingRowAndTheCommandAndLogsTheRequestId(CapturedOutput output)
      throws Exception {
    publishTheHelloWorkflow();
    await().atMost(Duration.ofSeconds(20)).until(() -> catalog.workflow("my-workflow").isPresent());
    Map<?, ?> body =
        client()
            .post()
            .uri("/api/v0/workflows/my-workflow/executions")
            .header("X-Request-ID", "req-start-1")
            .bodyValue(Map.of("input", Map.of("message", "Hello, world!")))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectHeader()
            .valueEquals("X-Request-ID", "req-start-1")
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    String execId = (String) ((Map<?, ?>) body.get("data")).get("exec_id");

    Map<String, Object> row =
        db.sql(
                "select status, request_id, created_by, input::text as input from engine.executions"
                    + " where exec_id = :id")
            .bind("id", execId)
            .fetch()
            .one()
            .block(Duration.ofSeconds(5));
    assertThat(row)
        .containsEntry("status", "pending")
        .containsEntry("request_id", "req-start-1")
        .containsEntry("created_by", "usr_test");
    assertThat(Json.plain((String) row.get("input"))).isEqualTo(Map.of("message", "Hello, world!"));

    StartExecution command = awaitCommand(execId);
    assertThat(command.workflowId()).isEqualTo("my-workflow");
    assertThat(command.input()).isEqualTo(Map.of("message", "Hello, world!"));

    // structured JSON logs: the line about this request carries its request id
    assertThat(output.getOut().lines().filter(l -> l.contains("accepted") && l.contains(execId)))
        .singleElement()
        .satisfies(
            line ->
                assertThat(Json.plain(line))
                    .isInstanceOfSatisfying(
                        Map.class, m -> assertThat(m).containsEntry("request_id", "req-start-1")));
  }

  @SuppressWarnings("unchecked") // JSON read as maps
  @Test
  void theToolWorkerCommitsWithoutWaitingForTheBroker(
      @Autowired KafkaListenerEndpointRegistry listeners) {
    // a redelivered tool step runs again, and the orchestrator drops its second result
    assertThat(
            listeners.getListenerContainer("tool-worker").getContainerProperties().isSyncCommits())
        .isFalse();
  }

  /**
   * An instance that claimed an Idempotency-Key and died before writing its execution (found by the
   * cluster fault test): retries get 409 with Retry-After until that execution can no longer be
   * written (the start deadline, counted from the claim, here 2 s), then one of them starts it.
   */
  @Test
  @Order(3)
  void aKeyClaimedByAnInstanceThatDiedIsTakenOverAfterTheStartDeadline(
      @Autowired ReactiveStringRedisTemplate redis) throws Exception {
    publishTheHelloWorkflow();
    await().atMost(Duration.ofSeconds(20)).until(() -> catalog.workflow("my-workflow").isPresent());
    String key = "claimed-then-died-" + System.nanoTime();
    Map<String, Object> request = Map.of("input", Map.of("message", "orphan"));
    String hash = IdempotencyKeys.requestHashOf(Map.of("message", "orphan"));
    String redisKey = IdempotencyKeys.redisKey("usr_test", "my-workflow", key);
    // the claim a dead instance left: its execution was never written
    redis
        .opsForValue()
        .set(
            redisKey,
            Json.write(
                Map.of(
                    "exec_id",
                    "exec_never_written",
                    "request_hash",
                    hash,
                    "claimed_at",
                    System.currentTimeMillis())),
            Duration.ofHours(1))
        .block(Duration.ofSeconds(5));

    var early =
        client()
            .post()
            .uri("/api/v0/workflows/my-workflow/executions")
            .header("Idempotency-Key", key)
            .bodyValue(request)
            .exchange()
            .expectStatus()
            .isEqualTo(409)
            .expectHeader()
            .exists("Retry-After")
            .expectBody(String.class)
            .returnResult();
    assertThat(early.getResponseBody()).contains("idempotency_in_progress");

    // retried as a client does: 409 until 2 s (the deadline) + 2 s (the margin for clocks) have
    // passed since the claim, then one retry starts the execution
    long claimed = System.nanoTime();
    var accepted =
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    client()
                        .post()
                        .uri("/api/v0/workflows/my-workflow/executions")
                        .header("Idempotency-Key", key)
                        .bodyValue(request)
                        .exchange()
                        .expectBody(String.class)
                        .returnResult(),
                r -> r.getStatus().value() != 409);
    assertThat(accepted.getStatus().value()).isEqualTo(202);
    assertThat(Duration.ofNanos(System.nanoTime() - claimed))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    String execId =
        (String)
            ((Map<?, ?>) Json.read(accepted.getResponseBody(), Map.class).get("data"))
                .get("exec_id");
    assertThat(execId).isNotEqualTo("exec_never_written");
    Map<?, ?> again =
        client()
            .post()
            .uri("/api/v0/workflows/my-workflow/executions")
            .header("Idempotency-Key", key)
            .bodyValue(request)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    assertThat(((Map<?, ?>) again.get("data")).get("exec_id")).isEqualTo(execId);
  }

  @Test
  @Order(3)
  @SuppressWarnings("unchecked")
  void aSyncAnswerAndAReadRightAfterItAgreeBeforeTheFeedHasTheEnd(
      @Autowired ReactiveStringRedisTemplate redis) throws Exception {
    publishTheHelloWorkflow();
    await().atMost(Duration.ofSeconds(20)).until(() -> catalog.workflow("my-workflow").isPresent());
    String marker = "sync-then-read-" + System.nanoTime();
    var answer =
        WebClient.builder()
            .baseUrl("http://127.0.0.1:" + port)
            .defaultHeader("Authorization", TestInfrastructure.bearer("usr_test"))
            .build()
            .post()
            .uri("/api/v0/workflows/my-workflow/executions/sync")
            .bodyValue(Map.of("input", Map.of("message", marker), "timeout", 30))
            .retrieve()
            .bodyToMono(Map.class)
            .toFuture();
    String execId =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    db.sql("select exec_id from engine.executions where input->>'message' = :m")
                        .bind("m", marker)
                        .map(r -> r.get("exec_id", String.class))
                        .one()
                        .block(Duration.ofSeconds(5)),
                Objects::nonNull);
    Supplier<Object> status =
        () ->
            ((Map<String, Object>)
                    client()
                        .get()
                        .uri("/api/v0/executions/workflows/" + execId)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("data"))
                .get("status");
    assertThat(status.get()).isEqualTo("pending"); // and now cached while it runs

    // no orchestrator runs here: the test ends the execution and tells its done channel as the
    // orchestrator does, before any event of the end reached the feed
    db.sql(
            "update engine.executions set status = 'success', output = '{\"greeting\":"
                + " \"hi\"}'::jsonb, ended_at = now(), updated_at = now() where exec_id = :id")
        .bind("id", execId)
        .then()
        .block(Duration.ofSeconds(5));
    redis.convertAndSend(ExecutionChannels.done(execId), "success").block(Duration.ofSeconds(5));

    Map<String, Object> data = (Map<String, Object>) answer.get(20, TimeUnit.SECONDS).get("data");
    assertThat(data)
        .containsEntry("status", "success")
        .containsEntry("output", Map.of("greeting", "hi"));
    assertThat(status.get()).isEqualTo("success");
  }

  @Test
  @Order(3)
  @SuppressWarnings("unchecked")
  void readsComeFromRedisWhileNoNewerEventExistsAndFromPostgresOnceOneDoes(
      @Autowired ExecutionFeed feed) {
    Map<?, ?> started =
        client()
            .post()
            .uri("/api/v0/workflows/my-workflow/executions")
            .bodyValue(Map.of("input", Map.of("message", "cache me")))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    String execId = (String) ((Map<?, ?>) started.get("data")).get("exec_id");
    Supplier<Object> status =
        () ->
            ((Map<String, Object>)
                    client()
                        .get()
                        .uri("/api/v0/executions/workflows/" + execId)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("data"))
                .get("status");
    // found right after the 202
    assertThat(status.get()).isEqualTo("pending");
    // a change no event announced yet is not seen: the view comes from Redis
    db.sql("update engine.executions set status = 'running' where exec_id = :id")
        .bind("id", execId)
        .then()
        .block(Duration.ofSeconds(5));
    assertThat(status.get()).isEqualTo("pending");
    // once the engine's event is in Redis the cached view is stale and Postgres answers
    feed.append(
            new ExecutionEvent(
                "evt-cache-1",
                execId,
                "my-workflow",
                1,
                EventType.WORKFLOW_STATUS,
                ExecutionStatus.RUNNING,
                null,
                Map.of(),
                Instant.now()))
        .block(Duration.ofSeconds(5));
    assertThat(status.get()).isEqualTo("running");
  }

  @Test
  @Order(3)
  void badStartsAreClearProblemsAndStoreNothing() {
    long before = count();
    client()
        .post()
        .uri("/api/v0/workflows/nope/executions")
        .bodyValue(Map.of("input", Map.of()))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith("application/problem+json")
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("workflow_not_found");
    client()
        .post()
        .uri("/api/v0/workflows/my-workflow/executions")
        .bodyValue(Map.of("input", Map.of("message", 42)))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].pointer")
        .isEqualTo("/input/message");
    client()
        .post()
        .uri("/api/v0/workflows/my-workflow/executions")
        .bodyValue(Map.of("input", "text"))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].pointer")
        .isEqualTo("/input");
    client()
        .post()
        .uri("/api/v0/workflows/my-workflow/executions")
        .bodyValue(Map.of("input", Map.of("message", "x"), "task_id", "nope"))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].pointer")
        .isEqualTo("/task_id");
    client()
        .post()
        .uri("/api/v0/workflows/my-workflow/executions")
        .header("Content-Type", "application/json")
        .bodyValue("{\"input\":")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("malformed_body");
    // Postgres stores no NUL: in the input, a signal or an event it is a 400 naming the field, not
    // a 500
    client()
        .post()
        .uri("/api/v0/workflows/my-workflow/executions")
        .header("Content-Type", "application/json")
        .bodyValue("{\"input\": {\"message\": \"a\\u0000b\"}}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("/input/message")
        .jsonPath("$.detail")
        .value(d -> assertThat(d.toString()).contains("NUL"));
    client()
        .post()
        .uri("/api/v0/events")
        .header("Content-Type", "application/json")
        .bodyValue("{\"name\": \"order.created\", \"payload\": {\"k\": \"\\u0000\"}}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("/payload/k");
    client()
        .get()
        .uri(URI.create("http://127.0.0.1:" + port + "/api/v0/executions/workflows?cursor=%00"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("cursor");
    client()
        .get()
        .uri(
            URI.create(
                "http://127.0.0.1:" + port + "/api/v0/executions/workflows?workflow_id=a%00"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("workflow_id");
    assertThat(count()).isEqualTo(before);
  }

  /**
   * Compozy binds a JSON body whatever its Content-Type says; so does the platform (JSON clients
   * written for Compozy).
   */
  @Test
  void aJsonBodyIsReadWhenItsContentTypeIsMissingMalformedOrPlainText() throws Exception {
    publishTheHelloWorkflow();
    HttpClient http = HttpClient.newHttpClient();
    BiFunction<String, String, HttpResponse<String>> post =
        (contentType, body) -> {
          var request =
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + port + "/api/v0/workflows/my-workflow/executions"))
                  .header("Authorization", TestInfrastructure.bearer("usr_test"))
                  .timeout(Duration.ofSeconds(20))
                  .POST(HttpRequest.BodyPublishers.ofString(body));
          if (contentType != null) {
            request.header("Content-Type", contentType);
          }
          try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    for (String contentType :
        new String[] {
          null,
          "application/json;;",
          "text/plain",
          "text/plain; charset=utf-8",
          "application/octet-stream",
          "nonsense"
        }) {
      var r =
          post.apply(contentType, "{\"input\": {\"message\": \"sent as " + contentType + "\"}}");
      assertThat(r.statusCode()).as(contentType + ": " + r.body()).isEqualTo(202);
    }
    var xml = post.apply("application/xml", "<input/>");
    assertThat(xml.statusCode()).as(xml.body()).isEqualTo(415);
  }

  /**
   * With Postgres frozen a start answers 503 with Retry-After once its deadline passes, and when
   * Postgres comes back the start it was sent is refused: no execution runs that its caller was
   * told had failed.
   */
  @Test
  @Order(6)
  void aStartPostgresCannotStoreInTimeIs503AndNeverRunsLater() throws Exception {
    publishTheHelloWorkflow();
    await().atMost(Duration.ofSeconds(20)).until(() -> catalog.workflow("my-workflow").isPresent());
    long before = count();
    String marker = "frozen-" + System.nanoTime();
    var infra = TestInfrastructure.shared();
    Assumptions.assumeTrue(infra.canStopPostgres(), "Postgres is external");
    infra.pausePostgres();
    long t0 = System.nanoTime();
    try {
      client()
          .mutate()
          .responseTimeout(Duration.ofSeconds(30))
          .build()
          .post()
          .uri("/api/v0/workflows/my-workflow/executions")
          .bodyValue(Map.of("input", Map.of("message", marker)))
          .exchange()
          .expectStatus()
          .isEqualTo(503)
          .expectHeader()
          .valueEquals("Retry-After", "5")
          .expectBody()
          .jsonPath("$.code")
          .isEqualTo("dependency_unavailable")
          .jsonPath("$.dependency")
          .isEqualTo("postgres");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    } finally {
      infra.resumePostgres();
    }
    Thread.sleep(2_000); // Postgres runs the statement it was sent while frozen
    assertThat(
            db.sql("select count(*) as n from engine.executions where input->>'message' = :m")
                .bind("m", marker)
                .map(r -> r.get("n", Long.class))
                .one()
                .block(Duration.ofSeconds(10)))
        .isZero();
    assertThat(count()).isEqualTo(before);
  }

  long count() {
    return db.sql("select count(*) as n from engine.executions")
        .map(r -> r.get("n", Long.class))
        .one()
        .block(Duration.ofSeconds(5));
  }

  static StartExecution awaitCommand(String execId) {
    Properties c = new Properties();
    c.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        TestInfrastructure.shared().endpoints().kafkaBootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + execId);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (var consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.COMMANDS));
      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key().equals(execId)) {
            assertThat(new String(r.headers().lastHeader(Topics.HEADER_MESSAGE_ID).value()))
                .isEqualTo("start:" + execId);
            return (StartExecution) Json.read(r.value(), EngineCommand.class);
          }
        }
      }
    }
    throw new AssertionError("no StartExecution for " + execId + " on " + Topics.COMMANDS);
  }

  @Test
  @Order(3)
  void aStreamWithNothingNewSendsPingComments() throws Exception {
    publishTheHelloWorkflow();
    await().atMost(Duration.ofSeconds(20)).until(() -> catalog.workflow("my-workflow").isPresent());
    Map<?, ?> started =
        client()
            .post()
            .uri("/api/v0/workflows/my-workflow/executions")
            .bodyValue(Map.of("input", Map.of("message", "ping me")))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    String execId = (String) ((Map<?, ?>) started.get("data")).get("exec_id");
    // no orchestrator runs in this test: the execution stays pending and only pings flow
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port
                        + "/api/v0/executions/workflows/"
                        + execId
                        + "/stream"))
            .header("Accept", "text/event-stream")
            .header("Authorization", TestInfrastructure.bearer("usr_test"))
            .build();
    var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/event-stream"));
    try (var lines = response.body()) {
      assertThat(lines.filter(l -> !l.isEmpty()).limit(2).toList())
          .allSatisfy(l -> assertThat(l).startsWith(":").contains("ping"));
    }
  }

  @Test
  @Order(4)
  void tokenChunksReachStreamReadersAsLlmChunkEventsWithoutAnId(@Autowired LlmChunks chunks)
      throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> catalog.workflow("my-workflow").isPresent());
    Map<?, ?> started =
        client()
            .post()
            .uri("/api/v0/workflows/my-workflow/executions")
            .bodyValue(Map.of("input", Map.of("message", "stream me")))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    String execId = (String) ((Map<?, ?>) started.get("data")).get("exec_id");
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port
                        + "/api/v0/executions/workflows/"
                        + execId
                        + "/stream?events=llm_chunk"))
            .header("Accept", "text/event-stream")
            .header("Authorization", TestInfrastructure.bearer("usr_test"))
            .build();
    var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    // the reader's Redis subscription follows the response headers: publish until it is there
    var publisher =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int i = 0; i < 100 && !Thread.currentThread().isInterrupted(); i++) {
                    chunks.publish(execId, "classify", 1, i, "tok" + i);
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    try (var lines = response.body()) {
      List<String> event = lines.filter(l -> !l.isEmpty() && !l.startsWith(":")).limit(2).toList();
      assertThat(event.get(0)).isEqualTo("event:llm_chunk");
      assertThat(event.get(1))
          .startsWith("data:")
          .contains("\"task_id\":\"classify\"")
          .contains("\"text\":\"tok");
    } finally {
      publisher.interrupt();
    }
  }

  @Test
  @Order(5)
  void anMcpServersToolsAreListedAndABrokenOneIsABadGateway() throws Exception {
    McpClientsTest.install();
    Map<String, Object> project =
        Map.of(
            "name",
            "mcp-check",
            "mcps",
            List.of(
                Map.of(
                    "id",
                    "everything",
                    "transport",
                    "stdio",
                    "command",
                    "node",
                    "args",
                    List.of(McpClientsTest.SERVER.toString(), "stdio")),
                Map.of(
                    "id",
                    "broken",
                    "transport",
                    "stdio",
                    "command",
                    "no-such-mcp-server-command")));
    ResourceDocument doc =
        new ResourceDocument(
            "mcp-check", ResourceKinds.PROJECT, "mcp-check", 1, project, Instant.now(), "test");
    Properties p = new Properties();
    p.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        TestInfrastructure.shared().endpoints().kafkaBootstrap());
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.RESOURCES, doc.key(), Json.write(doc))).get();
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> catalog.project().map(x -> x.name().equals("mcp-check")).orElse(false));
    var slow = client().mutate().responseTimeout(Duration.ofSeconds(90)).build();
    Map<?, ?> listed =
        slow.get()
            .uri("/api/v0/mcps/everything/tools")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    assertThat(((Map<?, ?>) listed.get("data")).get("tools").toString())
        .contains("name=echo")
        .contains("input_schema");
    slow.get()
        .uri("/api/v0/mcps/broken/tools")
        .exchange()
        .expectStatus()
        .isEqualTo(502)
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("mcp_unavailable").contains("broken"));
    client().get().uri("/api/v0/mcps/unknown/tools").exchange().expectStatus().isNotFound();
  }
}
