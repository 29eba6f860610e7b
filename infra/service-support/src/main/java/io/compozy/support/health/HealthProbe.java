package io.compozy.support.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container health check for images without a shell or curl: {@code java
 * -cp @/app/jib-classpath-file io.compozy.support.health.HealthProbe URL} exits 0 when URL answers
 * 200 within 3 s, 1 otherwise, with one line saying why.
 */
public final class HealthProbe {
  private static final Duration DEADLINE = Duration.ofSeconds(3);

  private HealthProbe() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println(
          "usage: HealthProbe URL (for example http://127.0.0.1:5001/actuator/health/readiness)");
      System.exit(2);
    }
    String problem = check(args[0]);
    if (problem != null) {
      System.err.println(problem);
      System.exit(1);
    }
  }

  /** Null when {@code url} answers 200 within the deadline, else what went wrong. */
  static String check(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return "not a URL: " + url;
    }
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(DEADLINE).build()) {
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(DEADLINE).build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200 ? null : url + " answered " + response.statusCode();
    } catch (IOException | IllegalArgumentException e) {
      return url + " did not answer: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
