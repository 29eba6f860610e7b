package io.compozy.support.outbox;

import io.compozy.contracts.topic.Topics;
import io.compozy.support.loop.BatchLoop;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The transactional outbox of one producer. {@link #append} writes messages inside the caller's
 * transaction; after the commit the caller calls {@link #wake}, and the relay takes the rows (FOR
 * UPDATE SKIP LOCKED), sends them, and deletes them in one transaction once Kafka acknowledged
 * every send. Rows left by a crash are picked up by the periodic poll. Delivery is at-least-once;
 * consumers drop duplicates by message id.
 */
public final class Outbox implements SmartLifecycle {
  private static final int BATCH = 500;

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final KafkaTemplate<String, String> kafka;
  private final String table;
  private final String producer;
  private final BatchLoop relay;

  public Outbox(DatabaseClient db, TransactionalOperator tx, KafkaTemplate<String, String> kafka,
      String table, String producer, Duration pollInterval) {
    this.db = db;
    this.tx = tx;
    this.kafka = kafka;
    this.table = table;
    this.producer = producer;
    this.relay = new BatchLoop("outbox " + producer, pollInterval, BATCH, this::drainOnce);
  }

  /** Writes messages with the caller's transaction (run it inside the caller's transactional Mono). */
  public Mono<Void> append(List<OutboxMessage> messages) {
    if (messages.isEmpty()) {
      return Mono.empty();
    }
    String[] topics = messages.stream().map(OutboxMessage::topic).toArray(String[]::new);
    String[] keys = messages.stream().map(OutboxMessage::key).toArray(String[]::new);
    String[] ids = messages.stream().map(OutboxMessage::messageId).toArray(String[]::new);
    String[] payloads = messages.stream().map(OutboxMessage::payload).toArray(String[]::new);
    return db.sql("insert into " + table + " (producer, topic, message_key, message_id, payload) "
            + "select :producer, t, k, i, p from unnest(:topics::text[], :keys::text[], :ids::text[], :payloads::text[]) "
            + "with ordinality as m(t, k, i, p, n) order by n")
        .bind("producer", producer)
        .bind("topics", topics)
        .bind("keys", keys)
        .bind("ids", ids)
        .bind("payloads", payloads)
        .then();
  }

  /** Asks the relay to publish now; call it after the transaction that appended commits. */
  public void wake() {
    relay.wake();
  }

  private Mono<Integer> drainOnce() {
    Mono<Integer> batch =
        db.sql("delete from " + table + " where id in (select id from " + table
                + " where producer = :producer order by id limit " + BATCH + " for update skip locked) "
                + "returning id, topic, message_key, message_id, payload")
            .bind("producer", producer)
            .fetch()
            .all()
            .collectList()
            .flatMap(rows -> send(rows).thenReturn(rows.size()));
    return tx.transactional(batch);
  }

  private Mono<Void> send(List<Map<String, Object>> rows) {
    // rows come back in id order per key; sending them all before waiting lets the producer batch
    rows.sort((a, b) -> Long.compare(((Number) a.get("id")).longValue(), ((Number) b.get("id")).longValue()));
    return Flux.fromIterable(rows)
        .map(r -> {
          ProducerRecord<String, String> record = new ProducerRecord<>(
              (String) r.get("topic"), (String) r.get("message_key"), (String) r.get("payload"));
          record.headers().add(new RecordHeader(Topics.HEADER_MESSAGE_ID,
              ((String) r.get("message_id")).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
          return kafka.send(record);
        })
        .collectList()
        .flatMap(futures -> Mono.fromFuture(java.util.concurrent.CompletableFuture.allOf(futures.toArray(new java.util.concurrent.CompletableFuture[0]))))
        .then();
  }

  @Override
  public void start() {
    relay.start();
  }

  @Override
  public void stop() {
    relay.stop();
  }

  @Override
  public boolean isRunning() {
    return relay.isRunning();
  }

  @Override
  public int getPhase() {
    // stop after the listeners (which append) and before the Kafka producer factory
    return Integer.MAX_VALUE - 100;
  }
}
