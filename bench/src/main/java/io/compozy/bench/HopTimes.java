package io.compozy.bench;

import io.compozy.contracts.topic.Topics;
import io.compozy.infra.embedded.Endpoints;
import io.compozy.support.execution.ExecutionRecords;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where the time of single-step executions goes, hop by hop: the request's send and answer times
 * (the harness's clock), the execution's creation (Postgres) and the timestamps Kafka gave the
 * start command, the tool step, its result and the completion event, all on this machine's clock.
 */
final class HopTimes {
  private HopTimes() {}

  /**
   * {@code sentAndAnswered}: per execution id, epoch millis of the request sent and of its answer.
   */
  static List<String> of(Endpoints endpoints, Map<String, long[]> sentAndAnswered)
      throws Exception {
    Map<String, Long> created = created(endpoints, sentAndAnswered.keySet());
    Map<String, Long> command = firstPerExecution(endpoints, Topics.COMMANDS, v -> true);
    Map<String, Long> step = firstPerExecution(endpoints, Topics.STEPS_TOOL, v -> true);
    Map<String, Long> result = firstPerExecution(endpoints, Topics.STEP_RESULTS, v -> true);
    Map<String, Long> done =
        firstPerExecution(
            endpoints, Topics.EXECUTION_EVENTS, v -> v.contains("\"type\":\"complete\""));
    Map<String, Long> sent = new HashMap<>();
    Map<String, Long> answered = new HashMap<>();
    sentAndAnswered.forEach(
        (id, times) -> {
          sent.put(id, times[0]);
          answered.put(id, times[1]);
        });
    return List.of(
        line(
            "request sent -> execution created (gateway, API)",
            sentAndAnswered.keySet(),
            sent,
            created),
        line(
            "created -> start command in Kafka (commit, outbox)",
            sentAndAnswered.keySet(),
            created,
            command),
        line(
            "start command -> tool step in Kafka (orchestrator)",
            sentAndAnswered.keySet(),
            command,
            step),
        line(
            "tool step -> its result in Kafka (worker, Node tool)",
            sentAndAnswered.keySet(),
            step,
            result),
        line(
            "result -> completion event in Kafka (orchestrator)",
            sentAndAnswered.keySet(),
            result,
            done),
        // the answer does not wait for the completion event: the orchestrator tells the sync waiter
        // itself
        line(
            "result -> answer received (orchestrator, Redis, API)",
            sentAndAnswered.keySet(),
            result,
            answered));
  }

  /** The p50 of {@code to - from} over the executions both have a time for. */
  private static String line(
      String hop, Iterable<String> ids, Map<String, Long> from, Map<String, Long> to) {
    List<Long> values = new ArrayList<>();
    for (String id : ids) {
      Long a = from.get(id);
      Long b = to.get(id);
      if (a != null && b != null) {
        values.add(b - a);
      }
    }
    values.sort(Long::compare);
    String p50 = values.isEmpty() ? "n/a" : values.get(values.size() / 2) + " ms";
    return String.format(Locale.ROOT, "%-58s %s", hop, p50);
  }

  /** When Postgres created each of these executions (epoch millis). */
  static Map<String, Long> created(Endpoints e, Iterable<String> ids) throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (Connection c =
            DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
        PreparedStatement q =
            c.prepareStatement(
                "select exec_id, (extract(epoch from created_at) * 1000)::bigint from"
                    + " "
                    + ExecutionRecords.EXECUTIONS
                    + " where exec_id = any(?)")) {
      List<String> list = new ArrayList<>();
      ids.forEach(list::add);
      q.setArray(1, c.createArrayOf("text", list.toArray()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  private static Map<String, Long> firstPerExecution(
      Endpoints e, String topic, Predicate<String> matching) {
    Map<String, Long> first = new HashMap<>();
    eachRecord(
        e,
        topic,
        r -> {
          if (r.key() != null && matching.test(r.value())) {
            first.merge(r.key(), r.timestamp(), Math::min);
          }
        });
    return first;
  }

  /** Hands every record of {@code topic}, from its start until it has no more, to {@code each}. */
  static void eachRecord(Endpoints e, String topic, Consumer<ConsumerRecord<String, String>> each) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "hop-times-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      int emptyPolls = 0;
      while (emptyPolls < 3) {
        var records = consumer.poll(Duration.ofMillis(500));
        emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
        records.forEach(each);
      }
    }
  }
}
