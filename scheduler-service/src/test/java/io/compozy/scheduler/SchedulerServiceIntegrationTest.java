package io.compozy.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.EngineCommand;
import io.compozy.contracts.message.TimerFired;
import io.compozy.contracts.message.TimerKind;
import io.compozy.contracts.message.TimerMessage;
import io.compozy.contracts.topic.Topics;
import io.compozy.infra.embedded.ServiceContractTest;
import io.compozy.infra.embedded.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SchedulerServiceIntegrationTest extends ServiceContractTest {
  SchedulerServiceIntegrationTest() {
    super(
        "scheduler",
        Set.of("compozy.resources", "compozy.timers", "compozy.events", "compozy.commands"),
        List.of("r2dbc", "redis", "kafka", "catalog"),
        "/api/v0/schedules");
  }

  static TimerMessage.TimerRequested timer(String id, Instant at) {
    return new TimerMessage.TimerRequested(
        id, "exec_t", at, new TimerFired("timer:" + id, "exec_t", id, TimerKind.RETRY, "call", 1));
  }

  @Test
  @Order(2)
  void timersFireOnceOnTimeAndCanceledOnesNever() throws Exception {
    Instant soon = Instant.now().plusMillis(300);
    Properties p = new Properties();
    p.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        TestInfrastructure.shared().endpoints().kafkaBootstrap());
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (TimerMessage m :
          List.of(
              timer("exec_t/call/retry/1", soon),
              timer("exec_t/call/retry/1", soon), // a redelivered request keeps one timer
              timer("exec_t/other/retry/1", soon),
              new TimerMessage.TimerCanceled("exec_t/other/retry/1", "exec_t"),
              // what the orchestrator sends: one batch of changes, a cancel of a stored timer among
              // them
              new TimerMessage.TimerChanges(
                  "exec_t",
                  List.of(
                      timer("exec_t/batch/step_timeout/1", soon),
                      timer("exec_t/batch/deadline/1", soon))),
              new TimerMessage.TimerChanges(
                  "exec_t",
                  List.of(
                      new TimerMessage.TimerCanceled("exec_t/batch/step_timeout/1", "exec_t"),
                      timer("exec_t/quick/step_timeout/1", soon),
                      new TimerMessage.TimerCanceled("exec_t/quick/step_timeout/1", "exec_t"))))) {
        producer.send(new ProducerRecord<>(Topics.TIMERS, "exec_t", Json.write(m))).get();
      }
    }
    List<TimerFired> fired = new ArrayList<>();
    Properties c = new Properties();
    c.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        TestInfrastructure.shared().endpoints().kafkaBootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "timer-test");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Instant firstSeen = null;
    try (var consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.COMMANDS));
      long end = System.currentTimeMillis() + 6_000;
      while (System.currentTimeMillis() < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if (Json.read(r.value(), EngineCommand.class) instanceof TimerFired f) {
            fired.add(f);
            firstSeen = firstSeen == null ? Instant.now() : firstSeen;
          }
        }
      }
    }
    assertThat(fired)
        .extracting(TimerFired::timerId)
        .containsExactlyInAnyOrder("exec_t/call/retry/1", "exec_t/batch/deadline/1");
    assertThat(firstSeen).isAfterOrEqualTo(soon.minusMillis(5));
  }

  @Test
  void aRequestRepeatedAfterItsTimerFiredDoesNotFireItAgain() throws Exception {
    Properties p = new Properties();
    p.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        TestInfrastructure.shared().endpoints().kafkaBootstrap());
    TimerMessage request = timer("exec_late/call/retry/1", Instant.now().plusMillis(100));
    List<TimerFired> fired = new ArrayList<>();
    Properties c = new Properties();
    c.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        TestInfrastructure.shared().endpoints().kafkaBootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "timer-late-test");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      producer.send(new ProducerRecord<>(Topics.TIMERS, "exec_late", Json.write(request))).get();
      consumer.subscribe(List.of(Topics.COMMANDS));
      long end = System.currentTimeMillis() + 15_000;
      boolean resent = false;
      long quietUntil = Long.MAX_VALUE;
      while (System.currentTimeMillis() < Math.min(end, quietUntil)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if (Json.read(r.value(), EngineCommand.class) instanceof TimerFired f
              && f.timerId().equals("exec_late/call/retry/1")) {
            fired.add(f);
          }
        }
        if (!fired.isEmpty() && !resent) {
          producer
              .send(new ProducerRecord<>(Topics.TIMERS, "exec_late", Json.write(request)))
              .get(); // a redelivery, late
          resent = true;
          quietUntil = System.currentTimeMillis() + 2_000;
        }
      }
    }
    assertThat(fired).hasSize(1);
  }

  @Test
  void thousandsOfTimersDueAtTheSameSecondAllFireOnce() throws Exception {
    Instant due = Instant.now().plusMillis(500);
    int count = 2_000;
    Properties p = new Properties();
    p.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        TestInfrastructure.shared().endpoints().kafkaBootstrap());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        String exec = "exec_bulk" + (i % 50);
        producer.send(
            new ProducerRecord<>(
                Topics.TIMERS,
                exec,
                Json.write(
                    new TimerMessage.TimerRequested(
                        "bulk/" + i,
                        exec,
                        due,
                        new TimerFired(
                            "timer:bulk/" + i, exec, "bulk/" + i, TimerKind.RETRY, "call", 1)))));
      }
      producer.flush();
    }
    Map<String, Integer> fired = new HashMap<>();
    Properties c = new Properties();
    c.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        TestInfrastructure.shared().endpoints().kafkaBootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "timer-bulk-test");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (var consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.COMMANDS));
      long end = System.currentTimeMillis() + 60_000;
      long quietUntil = Long.MAX_VALUE;
      while (System.currentTimeMillis() < Math.min(end, quietUntil)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if (Json.read(r.value(), EngineCommand.class) instanceof TimerFired f
              && f.timerId().startsWith("bulk/")) {
            fired.merge(f.timerId(), 1, Integer::sum);
          }
        }
        if (fired.size() == count && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.currentTimeMillis() + 1_000; // a duplicate would show up by now
        }
      }
    }
    assertThat(fired).hasSize(count);
    assertThat(fired.values()).allMatch(n -> n == 1);
  }
}
