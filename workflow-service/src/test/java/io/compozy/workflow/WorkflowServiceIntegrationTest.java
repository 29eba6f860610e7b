package io.compozy.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.SignalExecution;
import io.compozy.contracts.message.StartExecution;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.topic.ExecutionChannels;
import io.compozy.contracts.topic.Topics;
import io.compozy.infra.embedded.ServiceContractTest;
import io.compozy.infra.embedded.TestInfrastructure;
import io.compozy.support.catalog.ResourceCatalog;
import io.compozy.support.execution.ExecutionRecords;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.StatementWrites;
import io.compozy.workflow.engine.Decider;
import io.compozy.workflow.store.ExecutionStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.r2dbc.core.DatabaseClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkflowServiceIntegrationTest extends ServiceContractTest {
  WorkflowServiceIntegrationTest() {
    super(
        "engine",
        Set.of(
            "compozy.commands",
            "compozy.step-results",
            "compozy.steps.tool",
            "compozy.execution-events",
            "compozy.resources"),
        List.of("r2dbc", "redis", "kafka", "catalog"),
        "/v3/api-docs");
  }

  @Test
  @Order(2)
  void anUnreadableCommandIsDeadLetteredWithTheReason() throws Exception {
    String bootstrap = TestInfrastructure.shared().endpoints().kafkaBootstrap();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.COMMANDS, "exec_poison", "{\"type\": \"no_such_command\"}"))
          .get();
    }
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-test");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (var consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.COMMANDS + Topics.DEAD_LETTER_SUFFIX));
      long end = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if ("exec_poison".equals(r.key())) {
            assertThat(r.value()).contains("no_such_command");
            assertThat(
                    new String(
                        r.headers().lastHeader("kafka_dlt-exception-message").value(),
                        StandardCharsets.UTF_8))
                .contains("unreadable message");
            return;
          }
        }
      }
    }
    throw new AssertionError(
        "the unreadable command never reached " + Topics.COMMANDS + Topics.DEAD_LETTER_SUFFIX);
  }

  @Test
  @Order(3)
  void aBatchWritesOnlyOverTheRevisionItReadAndOnlyMessagesNotAppliedYet(
      @Autowired ExecutionStateStore store,
      @Autowired Outbox outbox,
      @Autowired DatabaseClient db) {
    String exec = "exec_applied_" + System.nanoTime();
    create(db, exec, "wf");
    db.sql("insert into engine.processed_messages (consumer, message_id) values ('probe', :m)")
        .bind("m", exec + "/done")
        .then()
        .block(Duration.ofSeconds(5));

    var batch =
        store
            .read("probe", List.of(exec + "/done", exec + "/new"), List.of(exec, "exec_unknown"))
            .block(Duration.ofSeconds(5));
    assertThat(batch.states()).containsOnlyKeys(exec);
    assertThat(batch.states().get(exec).revision()).isZero();
    assertThat(batch.applied()).containsExactly(exec + "/done");
    var ended =
        new Decider()
            .abandon(
                batch.states().get(exec).state(),
                new StepError("probe", "ended by the test"),
                Instant.now())
            .state();

    // a message another consumer applied meanwhile: the statement is refused, nothing is written
    var again =
        store.writes(
            List.of(ended), batch.states(), "probe", List.of(exec + "/done", exec + "/new"));
    Assertions.assertThatThrownBy(
            () -> outbox.appendWith(again, List.of()).block(Duration.ofSeconds(5)))
        .hasMessageContaining("another consumer");
    assertThat(status(db, exec)).isEqualTo("pending");
    assertThat(applied(db, exec + "/new")).isZero();

    // another consumer wrote the execution after this batch read it: refused too
    db.sql("update engine.executions set revision = revision + 1 where exec_id = :id")
        .bind("id", exec)
        .then()
        .block(Duration.ofSeconds(5));
    var stale = store.writes(List.of(ended), batch.states(), "probe", List.of(exec + "/new"));
    Assertions.assertThatThrownBy(
            () -> outbox.appendWith(stale, List.of()).block(Duration.ofSeconds(5)))
        .hasMessageContaining("another consumer");
    assertThat(status(db, exec)).isEqualTo("pending");
    assertThat(applied(db, exec + "/new")).isZero();

    // read again: the write goes through and the revision moves on
    var current =
        store.read("probe", List.of(exec + "/new"), List.of(exec)).block(Duration.ofSeconds(5));
    var fresh = store.writes(List.of(ended), current.states(), "probe", List.of(exec + "/new"));
    outbox.appendWith(fresh, List.of()).block(Duration.ofSeconds(5));
    assertThat(status(db, exec)).isEqualTo("failed");
    assertThat(applied(db, exec + "/new")).isOne();
    assertThat(
            store
                .read("probe", List.of(), List.of(exec))
                .block(Duration.ofSeconds(5))
                .states()
                .get(exec)
                .revision())
        .isEqualTo(2L);
  }

  @Test
  @Order(4)
  void theEndOfAnExecutionIsToldOnItsDoneChannelByTheOrchestratorItself(
      @Autowired ReactiveRedisConnectionFactory redis,
      @Autowired DatabaseClient db,
      @Autowired ResourceCatalog catalog)
      throws Exception {
    // no execution-service (and so no event feed) runs here: a notice can only come from the
    // orchestrator
    String exec = "exec_ends_" + System.nanoTime();
    var listener = new ReactiveRedisMessageListenerContainer(redis);
    try {
      var notices =
          listener
              .receiveLater(ChannelTopic.of(ExecutionChannels.done(exec)))
              .block(Duration.ofSeconds(5));
      publish(
          catalog,
          "ends-at-once",
          List.of(Map.of("id", "sum", "type", "aggregate", "outputs", Map.of("n", 1))));
      start(db, exec, "ends-at-once");
      var notice = notices.next().block(Duration.ofSeconds(20));
      assertThat(notice).isNotNull();
      assertThat(notice.getMessage()).isEqualTo("success");
      assertThat(status(db, exec)).isEqualTo("success"); // written before it was told
    } finally {
      listener.destroy();
    }
  }

  @Test
  @Order(5)
  void aStateAnotherInstanceWroteMeanwhileIsReadAgainNotOverwritten(
      @Autowired DatabaseClient db, @Autowired ResourceCatalog catalog) throws Exception {
    publish(catalog, "gate", List.of(Map.of("id", "gate", "type", "wait", "wait_for", "go")));
    String exec = "exec_gate_" + System.nanoTime();
    start(db, exec, "gate");
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "waiting".equals(status(db, exec)));

    // another instance (the partition's owner for a while) writes the execution: the state this
    // instance keeps from its own last write is stale now, and its next write must not go over it
    // (here: its events moved the execution's event numbering on by 100)
    db.sql(
            "update engine.executions set revision = revision + 1, state = jsonb_set(state,"
                + " '{event_seq}', to_jsonb((state->>'event_seq')::bigint + 100)) where exec_id ="
                + " :id")
        .bind("id", exec)
        .then()
        .block(Duration.ofSeconds(5));
    long bumped = revision(db, exec);
    long seqByTheOther = eventSeq(db, exec);
    send(
        Topics.COMMANDS,
        exec,
        new SignalExecution("signal:" + exec, exec, "go", Map.of(), Instant.now()));

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "success".equals(status(db, exec)));
    assertThat(revision(db, exec))
        .isEqualTo(bumped + 1); // one write, over the revision the other instance left
    assertThat(eventSeq(db, exec))
        .isGreaterThan(seqByTheOther); // built on its state, not on the stale one
  }

  @Test
  @Order(6)
  void theOffsetOfAnAppliedCommandIsCommittedWithoutASynchronousCommit(
      @Autowired DatabaseClient db,
      @Autowired ResourceCatalog catalog,
      @Autowired KafkaListenerEndpointRegistry listeners)
      throws Exception {
    // the engine does not wait for its commits (a redelivered message is a no-op), but they land
    assertThat(listeners.getListenerContainer("engine").getContainerProperties().isSyncCommits())
        .isFalse();
    publish(
        catalog,
        "committed",
        List.of(Map.of("id", "sum", "type", "aggregate", "outputs", Map.of("n", 1))));
    String exec = "exec_committed_" + System.nanoTime();
    create(db, exec, "committed");
    RecordMetadata sent;
    Properties p = new Properties();
    p.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        TestInfrastructure.shared().endpoints().kafkaBootstrap());
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      sent =
          producer
              .send(
                  new ProducerRecord<>(
                      Topics.COMMANDS,
                      exec,
                      Json.write(
                          new StartExecution(
                              "start:" + exec, exec, "committed", Map.of(), null, Instant.now()))))
              .get();
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "success".equals(status(db, exec)));
    var partition = new TopicPartition(Topics.COMMANDS, sent.partition());
    try (var admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.shared().endpoints().kafkaBootstrap()))) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                var committed =
                    admin
                        .listConsumerGroupOffsets("workflow-service")
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > sent.offset();
              });
    }
  }

  private static long eventSeq(DatabaseClient db, String exec) {
    return db.sql(
            "select (state->>'event_seq')::bigint as seq from engine.executions where exec_id ="
                + " :id")
        .bind("id", exec)
        .map(r -> r.get("seq", Long.class))
        .one()
        .block(Duration.ofSeconds(5));
  }

  private static void publish(ResourceCatalog catalog, String workflowId, List<?> tasks)
      throws Exception {
    var doc =
        new ResourceDocument(
            "probe",
            ResourceKinds.WORKFLOW,
            workflowId,
            1,
            Map.of("id", workflowId, "tasks", tasks),
            Instant.now(),
            "test");
    send(Topics.RESOURCES, doc.key(), doc);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> catalog.workflow(workflowId).isPresent());
  }

  /**
   * Creates an execution as execution-service does at a start (the shared record's own creation
   * statement), without its start command: the test sends that itself.
   */
  private static void create(DatabaseClient db, String exec, String workflowId) {
    StatementWrites creation =
        ExecutionRecords.creation(
            new ExecutionRecords.NewExecution(
                exec,
                workflowId,
                "",
                null,
                null,
                "{}",
                null,
                "req-" + exec,
                null,
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                null),
            Instant.now().plusSeconds(30));
    creation
        .binds()
        .apply(db.sql("with " + creation.ctes() + " select (" + creation.check() + ") as ok"))
        .then()
        .block(Duration.ofSeconds(5));
  }

  /** Creates the execution as execution-service does, and sends its start command. */
  private static void start(DatabaseClient db, String exec, String workflowId) throws Exception {
    create(db, exec, workflowId);
    send(
        Topics.COMMANDS,
        exec,
        new StartExecution("start:" + exec, exec, workflowId, Map.of(), null, Instant.now()));
  }

  private static void send(String topic, String key, Object message) throws Exception {
    Properties p = new Properties();
    p.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        TestInfrastructure.shared().endpoints().kafkaBootstrap());
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, Json.write(message))).get();
    }
  }

  private static long revision(DatabaseClient db, String exec) {
    return db.sql("select revision from engine.executions where exec_id = :id")
        .bind("id", exec)
        .map(r -> r.get("revision", Long.class))
        .one()
        .block(Duration.ofSeconds(5));
  }

  private static String status(DatabaseClient db, String exec) {
    return db.sql("select status from engine.executions where exec_id = :id")
        .bind("id", exec)
        .map(r -> r.get("status", String.class))
        .one()
        .block(Duration.ofSeconds(5));
  }

  private static long applied(DatabaseClient db, String messageId) {
    return db.sql("select count(*) as n from engine.processed_messages where message_id = :m")
        .bind("m", messageId)
        .map(r -> r.get("n", Long.class))
        .one()
        .block(Duration.ofSeconds(5));
  }
}
