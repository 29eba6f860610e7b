package io.compozy.bench;

import io.compozy.contracts.topic.Topics;
import io.compozy.infra.embedded.Endpoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where the time of the engine benchmark's executions goes under load, hop by hop: when each start
 * was due (the harness), created (Postgres), and the timestamps Kafka gave the start command, each
 * tool step, each result and the completion event. Each line is the p50 and p99 over all hops of
 * its kind; a hop's time includes the queue in front of the service that makes the next record.
 */
final class StepHops {
  private static final Pattern TASK_ID = Pattern.compile("\"task_id\"\\s*:\\s*\"([^\"]+)\"");

  private StepHops() {}

  /**
   * {@code due}: per execution id, the epoch millis its start was due; {@code tasks}: the
   * workflow's task ids in order.
   */
  static List<String> of(Endpoints endpoints, Map<String, Long> due, List<String> tasks)
      throws Exception {
    Map<String, Long> created = HopTimes.created(endpoints, due.keySet());
    Map<String, Long> command = new HashMap<>();
    Map<String, Long> dispatched = new HashMap<>();
    Map<String, Long> resulted = new HashMap<>();
    Map<String, Long> completed = new HashMap<>();
    read(
        endpoints,
        Topics.COMMANDS,
        (r, execId) -> command.merge(execId, r.timestamp(), Math::min),
        due);
    read(endpoints, Topics.STEPS_TOOL, (r, execId) -> perTask(dispatched, r, execId), due);
    read(endpoints, Topics.STEP_RESULTS, (r, execId) -> perTask(resulted, r, execId), due);
    read(
        endpoints,
        Topics.EXECUTION_EVENTS,
        (r, execId) -> {
          if (r.value().contains("\"type\":\"complete\"")) {
            completed.merge(execId, r.timestamp(), Math::min);
          }
        },
        due);
    List<Long> admitted = new ArrayList<>();
    List<Long> outbox = new ArrayList<>();
    List<Long> first = new ArrayList<>();
    List<Long> worker = new ArrayList<>();
    List<Long> next = new ArrayList<>();
    List<Long> last = new ArrayList<>();
    for (String id : due.keySet()) {
      add(admitted, due.get(id), created.get(id));
      add(outbox, created.get(id), command.get(id));
      add(first, command.get(id), dispatched.get(id + "/" + tasks.getFirst()));
      for (int i = 0; i < tasks.size(); i++) {
        add(worker, dispatched.get(id + "/" + tasks.get(i)), resulted.get(id + "/" + tasks.get(i)));
        if (i + 1 < tasks.size()) {
          add(
              next,
              resulted.get(id + "/" + tasks.get(i)),
              dispatched.get(id + "/" + tasks.get(i + 1)));
        }
      }
      add(last, resulted.get(id + "/" + tasks.getLast()), completed.get(id));
    }
    return List.of(
        line("start due -> execution created (client, gateway, API)", admitted),
        line("created -> start command in Kafka (outbox)", outbox),
        line("start command -> first tool step in Kafka (orchestrator)", first),
        line("tool step -> its result in Kafka (worker, Node tool)", worker),
        line("result -> next tool step in Kafka (orchestrator)", next),
        line("last result -> completion event in Kafka (orchestrator)", last));
  }

  private static void perTask(
      Map<String, Long> times, ConsumerRecord<String, String> r, String execId) {
    Matcher task = TASK_ID.matcher(r.value());
    if (task.find()) {
      // the first record of a task: a redelivered duplicate comes later
      times.merge(execId + "/" + task.group(1), r.timestamp(), Math::min);
    }
  }

  private static void add(List<Long> values, Long from, Long to) {
    if (from != null && to != null) {
      values.add(to - from);
    }
  }

  private static String line(String hop, List<Long> values) {
    if (values.isEmpty()) {
      return String.format(Locale.ROOT, "  %-58s n/a", hop);
    }
    values.sort(Long::compare);
    long p50 = values.get(values.size() / 2);
    long p99 = values.get(Math.min(values.size() - 1, (int) Math.ceil(0.99 * values.size()) - 1));
    return String.format(Locale.ROOT, "  %-58s p50 %5d ms   p99 %5d ms", hop, p50, p99);
  }

  /**
   * Hands each record of {@code topic} that belongs to a measured execution (its key) to {@code
   * each}.
   */
  private static void read(
      Endpoints e,
      String topic,
      BiConsumer<ConsumerRecord<String, String>, String> each,
      Map<String, Long> measured) {
    HopTimes.eachRecord(
        e,
        topic,
        r -> {
          if (r.key() != null && measured.containsKey(r.key())) {
            each.accept(r, r.key());
          }
        });
  }
}
