package io.compozy.infra.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * One Kafka node of a quorum as its own process, so it can be killed alone ({@code bin/cluster
 * --kafka-brokers 3}, then {@code bin/cluster kill kafka#2}): {@code --data-dir DIR --node-id N
 * --port P --controller-port C --voters 1@host:C1,2@host:C2,... --cluster-id ID --replicas R
 * [--supervisor-pid PID]}. Prints one line when it serves; stops on SIGTERM, or when the supervisor
 * process is gone.
 */
public final class KafkaNodeMain {
  private static final Set<String> OPTIONS =
      Set.of(
          "--data-dir",
          "--node-id",
          "--port",
          "--controller-port",
          "--voters",
          "--cluster-id",
          "--replicas",
          "--supervisor-pid");

  private KafkaNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> o = new HashMap<>();
    try {
      for (int i = 0; i < args.length; i += 2) {
        if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
          throw new IllegalArgumentException("unknown or incomplete option '" + args[i] + "'");
        }
        o.put(args[i], args[i + 1]);
      }
      for (String required : OPTIONS) {
        if (!required.equals("--supervisor-pid") && !o.containsKey(required)) {
          throw new IllegalArgumentException("missing " + required);
        }
      }
      for (String number : List.of("--node-id", "--port", "--controller-port", "--replicas")) {
        if (!o.get(number).matches("[0-9]{1,5}")) {
          throw new IllegalArgumentException(
              number + " takes a number, got '" + o.get(number) + "'");
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("kafka node: " + e.getMessage() + " (options: " + OPTIONS + ")");
      System.exit(2);
      return;
    }
    KafkaBroker node =
        new KafkaBroker(
            Path.of(o.get("--data-dir")),
            Integer.parseInt(o.get("--node-id")),
            Integer.parseInt(o.get("--port")),
            Integer.parseInt(o.get("--controller-port")),
            o.get("--voters"),
            o.get("--cluster-id"),
            Integer.parseInt(o.get("--replicas")));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // a controlled shutdown waits for the quorum's active controller: the last node
                  // of a quorum
                  // stopping (or left alone when the launcher died) would wait forever, so it gets
                  // 10 s; what
                  // it wrote is in the operating system's cache, and the next start recovers its
                  // log
                  Thread close = Thread.ofPlatform().start(node::close);
                  try {
                    close.join(Duration.ofSeconds(10));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  stopped.countDown();
                  if (close.isAlive()) {
                    System.err.println(
                        "kafka node "
                            + o.get("--node-id")
                            + ": no controller answered within 10 s; stopping without a controlled"
                            + " shutdown");
                    Runtime.getRuntime().halt(1);
                  }
                },
                "kafka-node-stop"));
    if (o.containsKey("--supervisor-pid")) {
      ProcessHandle.of(Long.parseLong(o.get("--supervisor-pid")))
          .map(ProcessHandle::onExit)
          .orElseGet(() -> CompletableFuture.completedFuture(null))
          .thenRun(() -> Thread.ofPlatform().start(() -> System.exit(1)));
    }
    node.start();
    System.out.println(
        "kafka node " + o.get("--node-id") + " serves on " + node.bootstrapServers());
    System.out.flush();
    stopped.await();
  }
}
