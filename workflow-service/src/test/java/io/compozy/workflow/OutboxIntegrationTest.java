package io.compozy.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.topic.Topics;
import io.compozy.infra.embedded.Endpoints;
import io.compozy.infra.embedded.TestInfrastructure;
import io.compozy.support.kafka.RecordTraces;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.OutboxMessage;
import io.compozy.support.outbox.StatementWrites;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The outbox on the real Postgres and Kafka: committed messages reach Kafka once and their rows go;
 * rolled back ones never leave; rows a send could not deliver (here: a topic that did not exist
 * yet) or a crash left behind are sent by the relay once they are older than its grace period.
 */
class OutboxIntegrationTest {
  private final Endpoints endpoints = TestInfrastructure.shared().endpoints();
  private final String table =
      "outbox_probe_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private DatabaseClient db;
  private TransactionalOperator tx;
  private DefaultKafkaProducerFactory<String, String> producers;
  private Outbox outbox;

  @BeforeEach
  void start() {
    PostgresqlConnectionFactory connections =
        new PostgresqlConnectionFactory(
            PostgresqlConnectionConfiguration.builder()
                .host(endpoints.postgresHost())
                .port(endpoints.postgresPort())
                .database(endpoints.postgresDatabase())
                .username(endpoints.postgresUser())
                .password(endpoints.postgresPassword())
                .build());
    db = DatabaseClient.create(connections);
    tx = TransactionalOperator.create(new R2dbcTransactionManager(connections));
    db.sql(
            "create table "
                + table
                + " (id bigserial primary key, producer text not null, topic text not null,"
                + " message_key text not null, message_id text not null, payload text not null,"
                + " traceparent text, created_at timestamptz not null default now())")
        .then()
        .block(Duration.ofSeconds(10));
    // what callers' writes go to, in the statement that appends their messages
    db.sql("create table " + things() + " (id text primary key)")
        .then()
        .block(Duration.ofSeconds(5));
    producers =
        new DefaultKafkaProducerFactory<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000),
            new StringSerializer(),
            new StringSerializer());
    outbox =
        new Outbox(db, tx, new KafkaTemplate<>(producers), table, "probe", Duration.ofMillis(200));
    outbox.start();
  }

  @AfterEach
  void stop() {
    outbox.stop();
    producers.destroy();
    db.sql("drop table " + table).then().block(Duration.ofSeconds(10));
    db.sql("drop table " + things()).then().block(Duration.ofSeconds(10));
  }

  private String things() {
    return table + "_things";
  }

  @Test
  void committedMessagesReachKafkaOnceAndTheirRowsGoWhileRolledBackOnesNeverLeave() {
    String topic = newTopic();
    tx.transactional(outbox.append(List.of(message(topic, "k1", "m1"), message(topic, "k1", "m2"))))
        .block(Duration.ofSeconds(10));
    Mono<Void> rolledBack =
        outbox
            .append(List.of(message(topic, "k2", "never")))
            .then(Mono.error(new IllegalStateException("rolled back")));
    tx.transactional(rolledBack)
        .onErrorResume(IllegalStateException.class, e -> Mono.empty())
        .block(Duration.ofSeconds(10));

    List<String> received = receive(topic, 2, Duration.ofSeconds(10));
    assertThat(received).containsExactly("m1", "m2");
    awaitRows(0, Duration.ofSeconds(5));
    // nothing more arrives: no second copy from the relay, nothing from the rolled back transaction
    assertThat(receive(topic, 3, Duration.ofSeconds(2))).containsExactly("m1", "m2");
  }

  @Test
  void aWriteAndItsMessagesInOneStatementHappenTogetherOrNotAtAll() {
    String topic = newTopic();
    String write = "thing as (insert into " + things() + " (id) values (:id))";
    outbox
        .appendWith(
            new StatementWrites(write, null, spec -> spec.bind("id", "a")),
            List.of(message(topic, "a", "thing-a")))
        .block(Duration.ofSeconds(10));
    // the same id again: the write fails, so its message is neither stored nor sent
    Mono<Void> duplicate =
        outbox.appendWith(
            new StatementWrites(write, null, spec -> spec.bind("id", "a")),
            List.of(message(topic, "a", "thing-a-again")));
    Assertions.assertThatThrownBy(() -> duplicate.block(Duration.ofSeconds(10)))
        .hasMessageContaining("duplicate key");

    assertThat(receive(topic, 2, Duration.ofSeconds(3))).containsExactly("thing-a");
    awaitRows(0, Duration.ofSeconds(5));
  }

  @Test
  void aCheckThatRaisesRefusesTheWritesAndTheMessages() {
    String topic = newTopic();
    String write = "thing as (insert into " + things() + " (id) values (:id) returning id)";
    // the check reads the write's rows; a text that is no boolean raises (the engine uses a
    // function that raises 40001)
    String check =
        "case when (select count(*) from thing) = :expected then true else (select 'refused ' ||"
            + " count(*) from thing)::boolean end";
    outbox
        .appendWith(
            new StatementWrites(write, check, spec -> spec.bind("id", "a").bind("expected", 1)),
            List.of(message(topic, "a", "passed")))
        .block(Duration.ofSeconds(10));
    Mono<Void> refused =
        outbox.appendWith(
            new StatementWrites(write, check, spec -> spec.bind("id", "b").bind("expected", 2)),
            List.of(message(topic, "b", "refused")));
    Assertions.assertThatThrownBy(() -> refused.block(Duration.ofSeconds(10)))
        .hasMessageContaining("refused");

    assertThat(receive(topic, 2, Duration.ofSeconds(3))).containsExactly("passed");
    assertThat(
            db.sql("select count(*) as n from " + things())
                .map(r -> r.get("n", Long.class))
                .one()
                .block(Duration.ofSeconds(5)))
        .isEqualTo(1L);
    awaitRows(0, Duration.ofSeconds(5));
  }

  @Test
  void rowsLeftBehindAreSentByTheRelayAfterTheGracePeriod() throws Exception {
    // a topic that does not exist yet: the send right after the commit fails and the row stays
    String topic = "outbox-late-" + UUID.randomUUID();
    tx.transactional(outbox.append(List.of(message(topic, "k", "late"))))
        .block(Duration.ofSeconds(10));
    // and a row a crash left between commit and send
    String crashed = newTopic();
    db.sql(
            "insert into "
                + table
                + " (producer, topic, message_key, message_id, payload, created_at) "
                + "values ('probe', :t, 'k', 'crashed', 'crashed', now() - interval '1 minute')")
        .bind("t", crashed)
        .then()
        .block(Duration.ofSeconds(5));
    assertThat(receive(crashed, 1, Duration.ofSeconds(5))).containsExactly("crashed");

    createTopic(topic);
    assertThat(receive(topic, 1, Duration.ofSeconds(15))).containsExactly("late");
    awaitRows(0, Duration.ofSeconds(5));
  }

  /**
   * A message's trace goes with it as the record's traceparent header, also when the relay sends it
   * late.
   */
  @Test
  void aMessagesTraceIsTheRecordsTraceparentHeader() {
    String topic = newTopic();
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    tx.transactional(
            outbox.append(
                List.of(
                    new OutboxMessage(topic, "k", "traced", "traced", traceparent),
                    message(topic, "k", "plain"))))
        .block(Duration.ofSeconds(10));
    db.sql(
            "insert into "
                + table
                + " (producer, topic, message_key, message_id, payload, traceparent, created_at)"
                + " values ('probe', :t, 'k', 'relayed', 'relayed', :tp, now() - interval '1"
                + " minute')")
        .bind("t", topic)
        .bind("tp", traceparent)
        .then()
        .block(Duration.ofSeconds(5));
    Map<String, String> traces = new HashMap<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              traces.putAll(receiveTraces(topic));
              return traces.size() == 3;
            });
    assertThat(traces)
        .containsEntry("traced", traceparent)
        .containsEntry("relayed", traceparent)
        .containsEntry("plain", "");
  }

  /** Message id → the record's traceparent header ("" without one), of what the topic holds. */
  private Map<String, String> receiveTraces(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, String> out = new HashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(2))) {
        String tp = RecordTraces.of(r.headers());
        out.put(
            new String(
                r.headers().lastHeader(Topics.HEADER_MESSAGE_ID).value(), StandardCharsets.UTF_8),
            tp == null ? "" : tp);
      }
    }
    return out;
  }

  private static OutboxMessage message(String topic, String key, String id) {
    return new OutboxMessage(topic, key, id, id);
  }

  private String newTopic() {
    String topic = "outbox-probe-" + UUID.randomUUID();
    createTopic(topic);
    return topic;
  }

  private void createTopic(String topic) {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitRows(long expected, Duration within) {
    Awaitility.await("rows left in the outbox")
        .atMost(within)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                db.sql("select count(*) as n from " + table)
                        .map(r -> r.get("n", Long.class))
                        .one()
                        .block(Duration.ofSeconds(5))
                    == expected);
  }

  /**
   * Message ids (from the header) read from the start of the topic until {@code atLeast} arrived or
   * the time is up.
   */
  private List<String> receive(String topic, int atLeast, Duration within) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> ids = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + within.toNanos();
      while (ids.size() < atLeast && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          ids.add(
              new String(
                  r.headers().lastHeader(Topics.HEADER_MESSAGE_ID).value(),
                  StandardCharsets.UTF_8));
        }
      }
    }
    return ids;
  }
}
