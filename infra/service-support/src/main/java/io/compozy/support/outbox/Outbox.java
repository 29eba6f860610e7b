package io.compozy.support.outbox;

import io.compozy.contracts.topic.Topics;
import io.compozy.support.kafka.RecordTraces;
import io.compozy.support.loop.BatchLoop;
import io.compozy.support.tracing.Traceparents;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The transactional outbox of one producer. {@link #append} writes messages inside the caller's
 * transaction; once it commits they are sent to Kafka at once from memory, in commit order, and
 * their rows deleted in batches after Kafka acknowledged them (no query on the way to Kafka: a
 * relay round trip per hop cost every execution step milliseconds and a transaction).
 *
 * <p>Rows a send did not get through (Kafka down, a crash between commit and acknowledgement) are
 * taken by the relay: every poll interval it sends, in id order, the rows older than a grace period
 * that no send of this instance holds, and deletes them in the same transaction. Delivery is
 * at-least-once; consumers drop duplicates by message id. Order per key holds while sends succeed;
 * a message the relay sends late may follow newer ones of its key.
 */
public final class Outbox implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final int BATCH = 500;
  private static final int DELETE_BATCH = 5_000;
  private static final Duration DELETE_TICK = Duration.ofMillis(100);

  /** Rows younger than this belong to sends in flight, of this instance or a replica. */
  static final Duration GRACE = Duration.ofSeconds(5);

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final KafkaTemplate<String, String> kafka;
  private final String table;
  private final String producer;
  private final BatchLoop relay;
  private final BatchLoop deleter;

  /** Ids appended or being sent by this instance: the relay leaves them alone. */
  private final Set<Long> held = ConcurrentHashMap.newKeySet();

  /** Ids Kafka acknowledged, their rows not deleted yet. */
  private final Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();

  /** One sender thread keeps commit order per key and keeps a slow Kafka off the event loops. */
  private volatile ExecutorService sender;

  private final AtomicBoolean backlog = new AtomicBoolean(true);

  public Outbox(
      DatabaseClient db,
      TransactionalOperator tx,
      KafkaTemplate<String, String> kafka,
      String table,
      String producer,
      Duration pollInterval) {
    this.db = db;
    this.tx = tx;
    this.kafka = kafka;
    this.table = table;
    this.producer = producer;
    this.relay = new BatchLoop("outbox " + producer, pollInterval, BATCH, this::relayOnce);
    this.deleter =
        new BatchLoop(
            "outbox deletes " + producer, DELETE_TICK, DELETE_BATCH, this::deleteAcknowledged);
    this.sender = newSender();
  }

  /**
   * Writes messages with the caller's transaction (run it inside the caller's transactional Mono);
   * they go to Kafka when it commits. Outside a transaction the insert commits on its own and they
   * go at once.
   */
  public Mono<Void> append(List<OutboxMessage> messages) {
    return appendWith(null, null, spec -> spec, messages);
  }

  /**
   * Runs a store's writes and inserts the messages in the same statement: atomic without a
   * transaction, and outside one the messages go to Kafka as soon as it returns.
   */
  public Mono<Void> appendWith(StatementWrites writes, List<OutboxMessage> messages) {
    return appendWith(writes.ctes(), writes.check(), writes.binds(), messages);
  }

  private Mono<Void> appendWith(
      @Nullable String writes,
      @Nullable String check,
      UnaryOperator<DatabaseClient.GenericExecuteSpec> bindWrites,
      List<OutboxMessage> messages) {
    if (writes == null && messages.isEmpty()) {
      return Mono.empty();
    }
    return Mono.deferContextual(
        context -> {
          String traceparent = Traceparents.of(context);
          return insert(
              writes,
              check,
              bindWrites,
              traceparent == null
                  ? messages
                  : messages.stream().map(m -> m.orTraceparent(traceparent)).toList());
        });
  }

  private Mono<Void> insert(
      @Nullable String writes,
      @Nullable String check,
      UnaryOperator<DatabaseClient.GenericExecuteSpec> bindWrites,
      List<OutboxMessage> messages) {
    DatabaseClient.GenericExecuteSpec spec =
        bindWrites.apply(db.sql(statement(writes, check, !messages.isEmpty())));
    if (!messages.isEmpty()) {
      spec =
          spec.bind("outbox_producer", producer)
              .bind(
                  "outbox_topics",
                  messages.stream().map(OutboxMessage::topic).toArray(String[]::new))
              .bind("outbox_keys", messages.stream().map(OutboxMessage::key).toArray(String[]::new))
              .bind(
                  "outbox_ids",
                  messages.stream().map(OutboxMessage::messageId).toArray(String[]::new))
              .bind(
                  "outbox_payloads",
                  messages.stream().map(OutboxMessage::payload).toArray(String[]::new))
              .bind(
                  "outbox_traces",
                  messages.stream().map(OutboxMessage::traceparent).toArray(String[]::new));
    }
    return spec.map(r -> r.get("ids", Long[].class))
        .one()
        .flatMap(
            rowIds ->
                messages.isEmpty() ? Mono.empty() : afterCommit(pair(List.of(rowIds), messages)));
  }

  /** {@code with <writes>, outbox_rows as (insert ...) select <the rows' ids>, (<check>)}. */
  private String statement(@Nullable String writes, @Nullable String check, boolean withMessages) {
    List<String> ctes = new ArrayList<>();
    if (writes != null) {
      ctes.add(writes);
    }
    if (withMessages) {
      ctes.add(
          "outbox_rows as (insert into "
              + table
              + " (producer, topic, message_key, message_id, payload, traceparent) select"
              + " :outbox_producer, t, k, i, p, tp from unnest(:outbox_topics::text[],"
              + " :outbox_keys::text[], :outbox_ids::text[], :outbox_payloads::text[],"
              + " :outbox_traces::text[]) with ordinality as m(t, k, i, p, tp, n) order by n"
              + " returning id)");
    }
    return "with "
        + String.join(", ", ctes)
        + " select "
        + (withMessages ? "array(select id from outbox_rows)" : "'{}'::bigint[]")
        + " as ids"
        + (check == null ? "" : ", (" + check + ") as checked");
  }

  private volatile @Nullable BatchLoop gauges;
  private final AtomicLong backlogRows = new AtomicLong();
  private final AtomicLong backlogAgeMillis = new AtomicLong();

  /**
   * Publishes the outbox's backlog as {@code compozy_outbox_backlog} (rows not yet acknowledged by
   * Kafka) and {@code compozy_outbox_oldest_age_seconds}, by producer, counted every {@code every}.
   */
  public synchronized void measure(MeterRegistry meters, Duration every) {
    Gauge.builder("compozy.outbox.backlog", backlogRows, AtomicLong::get)
        .description("outbox rows Kafka has not acknowledged yet")
        .tag("producer", producer)
        .register(meters);
    Gauge.builder("compozy.outbox.oldest.age", backlogAgeMillis, ms -> ms.get() / 1000.0)
        .baseUnit("seconds")
        .description("age of the oldest outbox row not acknowledged yet")
        .tag("producer", producer)
        .register(meters);
    gauges =
        new BatchLoop(
            "outbox gauges " + producer,
            every,
            Integer.MAX_VALUE,
            () ->
                db.sql(
                        "select count(*) as n, coalesce((extract(epoch from now() -"
                            + " min(created_at)) * 1000)::bigint, 0) as age from "
                            + table
                            + " where producer = :producer")
                    .bind("producer", producer)
                    .map(
                        r -> {
                          backlogRows.set(r.get("n", Long.class));
                          backlogAgeMillis.set(r.get("age", Long.class));
                          return 0;
                        })
                    .one());
  }

  /** Sends what is left over now (rows of failed sends, or written outside a transaction). */
  public void wake() {
    if (backlog.get()) {
      relay.wake();
    }
  }

  private static List<Row> pair(List<Long> rowIds, List<OutboxMessage> messages) {
    // the insert numbers rows in message order (ordinality), and a serial grows in insert order
    List<Long> sorted = new ArrayList<>(rowIds);
    sorted.sort(Long::compare);
    List<Row> rows = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      rows.add(new Row(sorted.get(i), messages.get(i)));
    }
    return rows;
  }

  private Mono<Void> afterCommit(List<Row> rows) {
    rows.forEach(r -> held.add(r.id()));
    return TransactionSynchronizationManager.forCurrentTransaction()
        .filter(TransactionSynchronizationManager::isSynchronizationActive)
        .map(
            sync -> {
              sync.registerSynchronization(
                  new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCompletion(int status) {
                      if (status == STATUS_COMMITTED) {
                        sendLater(rows);
                      } else {
                        release(rows);
                      }
                      return Mono.empty();
                    }
                  });
              return true;
            })
        .switchIfEmpty(
            Mono.fromRunnable(
                () -> {
                  // a transaction this outbox cannot follow: the relay sends the rows once they are
                  // old enough
                  release(rows);
                  backlog.set(true);
                }))
        // no transaction: the insert has committed on its own
        .onErrorResume(NoTransactionException.class, e -> Mono.fromRunnable(() -> sendLater(rows)))
        .then();
  }

  private void sendLater(List<Row> rows) {
    try {
      sender.execute(() -> send(rows));
    } catch (RejectedExecutionException stopping) {
      release(rows); // shutting down: the relay of the next start sends them
    }
  }

  private void release(List<Row> rows) {
    rows.forEach(r -> held.remove(r.id()));
  }

  private void send(List<Row> rows) {
    for (Row row : rows) {
      CompletableFuture<?> sent;
      try {
        sent =
            kafka.send(
                record(
                    row.message().topic(),
                    row.message().key(),
                    row.message().messageId(),
                    row.message().payload(),
                    row.message().traceparent()));
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      sent.whenComplete(
          (result, error) -> {
            if (error == null) {
              acknowledged.add(row.id());
            } else {
              held.remove(row.id());
              if (!backlog.getAndSet(true)) {
                log.warn(
                    "outbox {}: a send failed, the relay will send what is left: {}",
                    producer,
                    error.toString());
              }
            }
          });
    }
  }

  private Mono<Integer> deleteAcknowledged() {
    List<Long> ids = new ArrayList<>();
    Long id;
    while (ids.size() < DELETE_BATCH && (id = acknowledged.poll()) != null) {
      ids.add(id);
    }
    if (ids.isEmpty()) {
      return Mono.just(0);
    }
    return db.sql("delete from " + table + " where id = any(:ids)")
        .bind("ids", ids.toArray(Long[]::new))
        .then()
        .doOnSuccess(v -> ids.forEach(held::remove))
        .doOnError(e -> acknowledged.addAll(ids))
        .thenReturn(ids.size());
  }

  private Mono<Integer> relayOnce() {
    Long[] skip = held.toArray(Long[]::new);
    Mono<Integer> batch =
        db.sql(
                "delete from "
                    + table
                    + " where id in (select id from "
                    + table
                    + " where producer = :producer and created_at < now() - make_interval(secs =>"
                    + " :grace) and id <> all(:skip) order by id limit "
                    + BATCH
                    + " for update skip locked) "
                    + "returning id, topic, message_key, message_id, payload, traceparent")
            .bind("producer", producer)
            .bind("grace", (double) GRACE.toSeconds())
            .bind("skip", skip)
            .fetch()
            .all()
            .collectList()
            .flatMap(rows -> sendAndWait(rows).thenReturn(rows.size()));
    return tx.transactional(batch)
        .doOnNext(
            n -> {
              if (n == 0) {
                backlog.set(
                    false); // what is left is in flight or young; the periodic poll still looks
              }
            });
  }

  private Mono<Void> sendAndWait(List<Map<String, Object>> rows) {
    rows.sort(
        (a, b) ->
            Long.compare(((Number) a.get("id")).longValue(), ((Number) b.get("id")).longValue()));
    return Flux.fromIterable(rows)
        .map(
            r ->
                kafka.send(
                    record(
                        (String) r.get("topic"),
                        (String) r.get("message_key"),
                        (String) r.get("message_id"),
                        (String) r.get("payload"),
                        (String) r.get("traceparent"))))
        .collectList()
        .flatMap(
            futures ->
                Mono.fromFuture(
                    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))))
        .then();
  }

  private static ProducerRecord<String, String> record(
      String topic, String key, String messageId, String payload, @Nullable String traceparent) {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, payload);
    record
        .headers()
        .add(
            new RecordHeader(Topics.HEADER_MESSAGE_ID, messageId.getBytes(StandardCharsets.UTF_8)));
    RecordTraces.put(record.headers(), traceparent);
    return record;
  }

  private ExecutorService newSender() {
    return Executors.newSingleThreadExecutor(
        Thread.ofPlatform().name("outbox-" + producer).daemon().factory());
  }

  private record Row(long id, OutboxMessage message) {}

  @Override
  public synchronized void start() {
    if (sender.isShutdown()) {
      sender = newSender();
    }
    relay.start();
    deleter.start();
    if (gauges != null) {
      gauges.start();
    }
  }

  @Override
  public synchronized void stop() {
    if (gauges != null) {
      gauges.stop();
    }
    relay.stop();
    sender.shutdown();
    try {
      if (!sender.awaitTermination(10, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kafka.flush();
    deleter.stop();
    try {
      deleteAcknowledged().block(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.warn(
          "outbox {}: acknowledged rows not deleted at shutdown (they will be sent again): {}",
          producer,
          e.toString());
    }
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
