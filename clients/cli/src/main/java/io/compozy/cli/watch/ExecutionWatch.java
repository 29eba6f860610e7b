package io.compozy.cli.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.compozy.cli.CliException;
import io.compozy.cli.ExitCode;
import io.compozy.cli.Session;
import io.compozy.cli.api.Connection;
import io.compozy.cli.output.OutputFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Follows an execution's event stream to its end and shows it: on a terminal, the task tree redrawn
 * in place with a progress line; elsewhere (a CI log, a pipe), one line per change. A dropped
 * connection is resumed after the last event seen ({@code Last-Event-ID}); a stream that stays
 * silent past the server's pings is treated as dropped.
 */
public final class ExecutionWatch {
  /** The server pings every 15 s: this long without a byte means the connection is gone. */
  static final Duration SILENCE = Duration.ofSeconds(45);

  static final int MAX_RECONNECTS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private final Connection api;
  private final PrintWriter out;
  private final boolean live;

  /** The workflow status last printed as a line (a start and a status event may say the same). */
  private String lastWorkflowLine = "";

  /** The end of an execution as its stream told it. */
  public record Ended(String status, @Nullable Object output, @Nullable Object error) {
    public boolean succeeded() {
      return status.equals("success");
    }
  }

  public ExecutionWatch(Connection api, PrintWriter out, boolean live) {
    this.api = api;
    this.out = out;
    this.live = live;
  }

  /**
   * The watch a command's output calls for: shown only with the table output (JSON and YAML print
   * the end alone, for scripts), redrawn in place only on a terminal.
   */
  public static ExecutionWatch forOutput(Connection api, Session session, OutputFormat format) {
    boolean table = format == OutputFormat.TABLE;
    return new ExecutionWatch(
        api,
        table ? session.out() : new PrintWriter(Writer.nullWriter()),
        table && session.interactive());
  }

  public Ended follow(String execId, String workflowId) {
    TaskTree tree = new TaskTree(workflowId);
    Instant started = Instant.now();
    String lastId = null;
    int drawn = 0;
    int failures = 0; // in a row: a stream that delivered an event since counts afresh
    while (true) {
      CliException lastFailure = null;
      try (Stream stream = open(execId, lastId)) {
        String line;
        SseParser parser = new SseParser();
        while ((line = stream.reader.readLine()) != null) {
          var event = parser.line(line);
          if (event.isEmpty()) {
            continue;
          }
          failures = 0;
          SseEvent e = event.get();
          if (e.id() != null) {
            lastId = e.id();
          }
          Ended end = apply(tree, e);
          drawn = show(tree, e, started, drawn);
          if (end != null) {
            if (!live) {
              tree.render().forEach(out::println);
            }
            out.flush();
            return end;
          }
        }
      } catch (IOException dropped) {
        // resumed below
      } catch (CliException refused) {
        if (refused.exitCode() != ExitCode.UNAVAILABLE) {
          throw refused; // not found, denied: trying again will not change it
        }
        lastFailure =
            refused; // the server or the service behind it is away for a moment (a restart, a
        // deploy)
      }
      if (++failures > MAX_RECONNECTS) {
        throw new CliException(
            ExitCode.UNAVAILABLE,
            "the event stream of "
                + execId
                + " dropped "
                + failures
                + " times in a row"
                + (lastFailure == null ? "" : " (" + lastFailure.getMessage() + ")")
                + "; see where it is with compozy executions get "
                + execId);
      }
      pause(failures - 1);
    }
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Ended apply(TaskTree tree, SseEvent e) {
    if (e.event().equals("llm_chunk")) {
      return null;
    }
    Map<String, Object> event;
    try {
      event = JSON.readValue(e.data(), Map.class);
    } catch (IOException unreadable) {
      return null;
    }
    Map<String, Object> data =
        event.get("data") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    Object status = data.get("status") != null ? data.get("status") : event.get("status");
    switch (e.event()) {
      case "task_status" -> {
        if (event.get("task_id") instanceof String path && status != null) {
          tree.task(
              path,
              String.valueOf(status),
              data.get("attempt") instanceof Number n ? n.intValue() : null);
        }
      }
      case "workflow_start", "workflow_status" -> tree.workflow(String.valueOf(status));
      case "complete", "error" -> {
        tree.workflow(String.valueOf(status));
        return new Ended(String.valueOf(status), data.get("output"), data.get("error"));
      }
      default -> {
        // an event this CLI does not know yet: the tree stays as it is
      }
    }
    return null;
  }

  /** Draws the change; the number of lines drawn (to redraw over them on a terminal). */
  private int show(TaskTree tree, SseEvent e, Instant started, int drawn) {
    if (live) {
      if (drawn > 0) {
        out.print("\033[" + drawn + "A\033[J");
      }
      List<String> lines = tree.render();
      lines.forEach(out::println);
      out.println(tree.progress(Duration.between(started, Instant.now())));
      out.flush();
      return lines.size() + 1;
    }
    boolean workflowChanged =
        (e.event().equals("workflow_start") || e.event().equals("workflow_status"))
            && !tree.workflowStatus().equals(lastWorkflowLine);
    if (e.event().equals("task_status") || workflowChanged) {
      String what =
          e.event().equals("task_status") ? taskLine(tree, e) : "workflow " + tree.workflowStatus();
      lastWorkflowLine = tree.workflowStatus();
      if (what != null) {
        out.println(LocalTime.now().format(CLOCK) + "  " + what);
        out.flush();
      }
    }
    return 0;
  }

  private static @Nullable String taskLine(TaskTree tree, SseEvent e) {
    try {
      Object path = JSON.readValue(e.data(), Map.class).get("task_id");
      return path == null ? null : "task " + path + " " + tree.taskStatus(String.valueOf(path));
    } catch (IOException unreadable) {
      return null;
    }
  }

  /** An open stream, and a watchdog that closes it when it stays silent. */
  private final class Stream implements AutoCloseable {
    final BufferedReader reader;
    private final InputStream body;
    private final ScheduledExecutorService watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "compozy-watch-watchdog");
              t.setDaemon(true);
              return t;
            });
    private final AtomicLong lastByte = new AtomicLong(System.nanoTime());

    Stream(InputStream raw) {
      this.body =
          new InputStream() {
            @Override
            public int read() throws IOException {
              int b = raw.read();
              lastByte.set(System.nanoTime());
              return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
              int n = raw.read(buf, off, len);
              lastByte.set(System.nanoTime());
              return n;
            }

            @Override
            public void close() throws IOException {
              raw.close();
            }
          };
      this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
      watchdog.scheduleAtFixedRate(
          () -> {
            if (System.nanoTime() - lastByte.get() > SILENCE.toNanos()) {
              try {
                raw.close();
              } catch (IOException ignored) {
                // closing is the point; the reader sees the end
              }
            }
          },
          5,
          5,
          TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      watchdog.shutdownNow();
      try {
        body.close();
      } catch (IOException ignored) {
        // the connection is gone either way
      }
    }
  }

  private Stream open(String execId, @Nullable String lastId) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    api.client().getBaseUri()
                        + "/api/v0/executions/workflows/"
                        + execId
                        + "/stream"))
            .header("Accept", "text/event-stream")
            .timeout(
                Duration.ofSeconds(
                    30)) // until the answer's headers: the body is watched by the watchdog
            .GET();
    if (api.login().apiKey() != null) {
      b.header("Authorization", "Bearer " + api.login().apiKey());
    }
    if (lastId != null) {
      b.header("Last-Event-ID", lastId);
    }
    HttpResponse<InputStream> r;
    try {
      r = api.client().getHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(
          ExitCode.UNAVAILABLE, "interrupted while connecting to the event stream");
    } catch (ConnectException e) {
      throw new CliException(
          ExitCode.UNAVAILABLE, "cannot reach " + api.login().url() + ": connection refused");
    }
    if (r.statusCode() != 200) {
      String body;
      try (InputStream in = r.body()) {
        body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      }
      throw Connection.problem(r.statusCode(), body);
    }
    return new Stream(r.body());
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(Math.min(8_000, 500L << attempt)); // back off before resuming the stream
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.UNAVAILABLE, "interrupted");
    }
  }
}
