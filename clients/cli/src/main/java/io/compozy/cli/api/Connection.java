package io.compozy.cli.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.compozy.cli.CliException;
import io.compozy.cli.ExitCode;
import io.compozy.cli.login.Login;
import io.compozy.client.ApiClient;
import io.compozy.client.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The generated client, pointed at one server with one key, and the one place an API failure
 * becomes a {@link CliException}: the problem's detail as the message, its field errors as details,
 * the status as the exit code.
 */
public final class Connection {
  /**
   * A request that gets no answer within this is given up (a sync run waits longer: its own
   * timeout).
   */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Login login;
  private final ApiClient client;

  public Connection(Login login, Duration readTimeout) {
    this.login = login;
    URI base = URI.create(login.url());
    if (base.getScheme() == null || base.getHost() == null) {
      throw new CliException(
          ExitCode.USAGE,
          "the URL '" + login.url() + "' is not an http(s) URL like " + Login.DEFAULT_URL);
    }
    this.client = new ApiClient();
    client.setScheme(base.getScheme()).setHost(base.getHost()).setPort(base.getPort());
    // the document's paths already start with /api/v0; a URL given as .../api/v0 means the same
    // server
    String path =
        base.getPath() == null
            ? ""
            : base.getPath().replaceAll("/+$", "").replaceAll("/api/v0$", "");
    client.setBasePath(path);
    client.setConnectTimeout(Duration.ofSeconds(10));
    client.setReadTimeout(readTimeout);
    client.setRequestInterceptor(
        b -> {
          if (login.apiKey() != null) {
            b.header("Authorization", "Bearer " + login.apiKey());
          }
          b.header("User-Agent", "compozy-cli");
        });
  }

  public ApiClient client() {
    return client;
  }

  public Login login() {
    return login;
  }

  /** One call of the generated client. */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws ApiException;
  }

  public <T> T call(Call<T> call) {
    try {
      return call.call();
    } catch (ApiException e) {
      throw failure(e);
    }
  }

  /**
   * POSTs raw bytes (a zip) and reads the {@code {data, message}} answer. The generated native
   * client sends a binary body through Jackson, as a JSON string (openapi-generator #17801), so the
   * one binary upload goes through the client's own HTTP client, headers and timeouts.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> postBytes(String pathAndQuery, String contentType, byte[] body) {
    var request =
        HttpRequest.newBuilder(URI.create(client.getBaseUri() + pathAndQuery))
            .timeout(client.getReadTimeout())
            .header("Content-Type", contentType)
            .header("Accept", "application/json, application/problem+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (login.apiKey() != null) {
      request.header("Authorization", "Bearer " + login.apiKey());
    }
    try {
      var answer =
          client.getHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() / 100 != 2) {
        throw problem(answer.statusCode(), answer.body());
      }
      Object data = JSON.readValue(answer.body(), Map.class).get("data");
      return data instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    } catch (IOException e) {
      throw failure(new ApiException(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.UNAVAILABLE, "interrupted");
    }
  }

  /** The user's view of a failed call. */
  public CliException failure(ApiException e) {
    if (e.getCode() == 0) {
      Throwable cause = e.getCause();
      String why =
          cause instanceof ConnectException
              ? "connection refused"
              : cause instanceof HttpConnectTimeoutException
                  ? "no connection within 10 s"
                  : cause instanceof HttpTimeoutException
                      ? "no answer within " + client.getReadTimeout().toSeconds() + " s"
                      : cause != null && cause.getMessage() != null
                          ? cause.getMessage()
                          : String.valueOf(e.getMessage());
      return new CliException(ExitCode.UNAVAILABLE, "cannot reach " + login.url() + ": " + why);
    }
    return problem(e.getCode(), e.getResponseBody());
  }

  /** A problem+json answer (or any error body) as a failure with the status's exit code. */
  public static CliException problem(int status, String body) {
    String message = "the server answered " + status;
    List<String> details = new ArrayList<>();
    try {
      Map<?, ?> problem = JSON.readValue(body == null || body.isBlank() ? "{}" : body, Map.class);
      Object detail = problem.get("detail") != null ? problem.get("detail") : problem.get("title");
      if (detail != null) {
        message = String.valueOf(detail);
      }
      if (problem.get("errors") instanceof List<?> errors) {
        for (Object err : errors) {
          if (err instanceof Map<?, ?> m) {
            Object pointer = m.get("pointer") != null ? m.get("pointer") : m.get("field");
            details.add(
                (pointer != null && !String.valueOf(pointer).isEmpty() ? pointer + ": " : "")
                    + m.get("message"));
          } else {
            details.add(String.valueOf(err));
          }
        }
      }
    } catch (Exception notJson) {
      // an error page from a proxy in between, say: the status says enough
    }
    if (status == 401) {
      message += " (run compozy login, or set COMPOZY_API_KEY)";
    }
    return new CliException(ExitCode.forStatus(status), message, details);
  }
}
