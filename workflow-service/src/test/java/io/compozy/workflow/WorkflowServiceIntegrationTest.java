package io.compozy.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.topic.Topics;
import io.compozy.infra.embedded.ServiceContractTest;
import io.compozy.infra.embedded.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
class WorkflowServiceIntegrationTest extends ServiceContractTest {
  WorkflowServiceIntegrationTest() {
    super("engine",
        Set.of("compozy.commands", "compozy.step-results", "compozy.steps.tool", "compozy.execution-events", "compozy.resources"),
        List.of("r2dbc", "redis", "kafka", "catalog"));
  }

  @Test
  @Order(2)
  void anUnreadableCommandIsDeadLetteredWithTheReason() throws Exception {
    String bootstrap = TestInfrastructure.shared().endpoints().kafkaBootstrap();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.COMMANDS, "exec_poison", "{\"type\": \"no_such_command\"}")).get();
    }
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-test");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.COMMANDS + Topics.DEAD_LETTER_SUFFIX));
      long end = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if ("exec_poison".equals(r.key())) {
            assertThat(r.value()).contains("no_such_command");
            assertThat(new String(r.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8))
                .contains("unreadable message");
            return;
          }
        }
      }
    }
    throw new AssertionError("the unreadable command never reached " + Topics.COMMANDS + Topics.DEAD_LETTER_SUFFIX);
  }

  @Test
  @Order(3)
  void aBatchSeesWhatWasAppliedAndCountsWhatItMarksSoAConcurrentApplyIsCaught(
      @org.springframework.beans.factory.annotation.Autowired io.compozy.workflow.store.ExecutionStateStore store,
      @org.springframework.beans.factory.annotation.Autowired org.springframework.r2dbc.core.DatabaseClient db,
      @org.springframework.beans.factory.annotation.Autowired org.springframework.transaction.reactive.TransactionalOperator tx) {
    String exec = "exec_applied_" + System.nanoTime();
    db.sql("insert into engine.executions (exec_id, workflow_id, status, input, created_at, updated_at) "
        + "values (:id, 'wf', 'pending', '{}'::jsonb, now(), now())").bind("id", exec).then().block(Duration.ofSeconds(5));
    db.sql("insert into engine.processed_messages (consumer, message_id) values ('probe', :m)").bind("m", exec + "/done")
        .then().block(Duration.ofSeconds(5));

    var batch = tx.transactional(store.lock("probe", List.of(exec + "/done", exec + "/new"), List.of(exec, "exec_unknown")))
        .block(Duration.ofSeconds(5));
    assertThat(batch.states()).containsOnlyKeys(exec);
    assertThat(batch.applied()).containsExactly(exec + "/done");

    // marking both: only the new one is newly marked, which is how the orchestrator sees that
    // another consumer applied a message of its batch meanwhile (and rolls the batch back)
    Long marked = tx.transactional(store.write(List.of(), java.util.Map.of(), "probe", List.of(exec + "/done", exec + "/new")))
        .block(Duration.ofSeconds(5));
    assertThat(marked).isEqualTo(1L);
  }
}
