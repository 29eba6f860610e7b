package io.compozy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** API keys for the harnesses. */
final class BenchKeys {
  private BenchKeys() {}

  /**
   * A key with a rate limit far above what a harness offers: the harnesses measure the engine and
   * the API, not the limiter (a default key allows 100 requests/s, the engine harness's own rate).
   */
  static String unlimited(HttpClient http, String base, String admin) throws Exception {
    HttpRequest create =
        HttpRequest.newBuilder(URI.create(base + "/auth/keys"))
            .header("Authorization", "Bearer " + admin)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"name\": \"bench\", \"rate_limit\": {\"rate\": 100000, \"burst\": 100000}}"))
            .build();
    HttpResponse<String> answer = http.send(create, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 201) {
      throw new IllegalStateException(
          "creating the benchmark's key answered " + answer.statusCode() + ": " + answer.body());
    }
    return answer.body().replaceAll("(?s).*\"key\":\"(cpzy_[A-Za-z0-9_-]{43})\".*", "$1");
  }
}
