package io.compozy.support.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An expected failure of a request, answered as RFC 9457 problem+json with a stable {@code code}.
 * Build it with the named factories so the same failure always reads the same.
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final HttpStatus status;
  private final String code;
  private final String title;
  private final transient Map<String, Object> properties;

  public ApiProblem(
      HttpStatus status, String code, String title, String detail, Map<String, Object> properties) {
    super(detail);
    this.status = status;
    this.code = code;
    this.title = title;
    this.properties = new LinkedHashMap<>(properties);
  }

  public static ApiProblem notFound(String kind, String id) {
    return new ApiProblem(
        HttpStatus.NOT_FOUND,
        kind + "_not_found",
        capitalize(kind) + " not found",
        kind + " '" + id + "' does not exist",
        Map.of());
  }

  public static ApiProblem invalidInput(String detail, Object errors) {
    return new ApiProblem(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "invalid_input",
        "Invalid input",
        detail,
        Map.of("errors", errors));
  }

  public static ApiProblem badRequest(String code, String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, code, "Bad request", detail, Map.of());
  }

  /**
   * A dependency ({@code postgres}, {@code redis}, {@code kafka}) did not answer in time: 503 with
   * {@code Retry-After}, the request can be retried.
   */
  public static ApiProblem unavailable(String dependency, String detail) {
    return new ApiProblem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "dependency_unavailable",
        "Service unavailable",
        detail,
        Map.of("dependency", dependency, "retry_after", RETRY_AFTER_SECONDS));
  }

  /** What a 503 for a dependency tells the client to wait, in seconds. */
  public static final int RETRY_AFTER_SECONDS = 5;

  public static ApiProblem conflict(String code, String detail) {
    return new ApiProblem(HttpStatus.CONFLICT, code, "Conflict", detail, Map.of());
  }

  public ApiProblem with(String property, Object value) {
    properties.put(property, value);
    return this;
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public Map<String, Object> properties() {
    return properties;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
