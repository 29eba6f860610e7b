package io.compozy.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts executions as a careful client does: through any of the gateways, with an Idempotency-Key,
 * trying again (the same key, the next gateway) after a 503 or a connection error, waiting what
 * Retry-After asks. Counts every answer by status, and the slowest.
 */
final class StartingClient {
  private static final Pattern EXEC_ID = Pattern.compile("\"exec_id\"\\s*:\\s*\"(exec_[^\"]+)\"");
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final List<Integer> gateways;
  private final String key;
  final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
  final AtomicLong connectionErrors = new AtomicLong();
  final AtomicLong slowestAnswerMillis = new AtomicLong();
  final AtomicLong missingRetryAfter = new AtomicLong();

  /** Starts counting afresh: a scenario reports its own answers. */
  void resetCounts() {
    answers.clear();
    connectionErrors.set(0);
    slowestAnswerMillis.set(0);
    missingRetryAfter.set(0);
  }

  StartingClient(List<Integer> gateways, String key) {
    this.gateways = gateways;
    this.key = key;
  }

  /**
   * Starts workflow {@code workflowId} with {@code body}; returns the execution id (tries for up to
   * two minutes).
   */
  String start(String workflowId, String body, String idempotencyKey, int firstGateway)
      throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    int attempt = 0;
    while (System.nanoTime() < giveUp) {
      int port = gateways.get((firstGateway + attempt++) % gateways.size());
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:"
                          + port
                          + "/api/v0/workflows/"
                          + workflowId
                          + "/executions"))
              .timeout(Duration.ofSeconds(45))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", idempotencyKey)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      long t0 = System.nanoTime();
      HttpResponse<String> answer;
      try {
        answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        connectionErrors.incrementAndGet();
        Thread.sleep(250);
        continue;
      }
      slowestAnswerMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
      answers.computeIfAbsent(answer.statusCode(), s -> new AtomicLong()).incrementAndGet();
      Matcher id = EXEC_ID.matcher(answer.body());
      if ((answer.statusCode() == 202 || answer.statusCode() == 200) && id.find()) {
        return id.group(1);
      }
      // 409 idempotency_in_progress: the same key is being started elsewhere (or its instance
      // died): retry
      boolean inProgress =
          answer.statusCode() == 409 && answer.body().contains("idempotency_in_progress");
      if (answer.statusCode() != 503 && answer.statusCode() != 429 && !inProgress) {
        throw new AssertionError(
            "a start was answered " + answer.statusCode() + ": " + answer.body());
      }
      String retryAfter = answer.headers().firstValue("Retry-After").orElse(null);
      if (retryAfter == null) {
        missingRetryAfter.incrementAndGet();
      }
      Thread.sleep(
          retryAfter == null ? 500 : Math.min(5_000, Long.parseLong(retryAfter.strip()) * 1000));
    }
    throw new AssertionError(
        "a start (" + idempotencyKey + ") was not accepted within two minutes");
  }

  HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateways.getFirst() + "/api/v0" + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
