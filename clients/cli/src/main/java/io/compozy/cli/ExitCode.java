package io.compozy.cli;

/**
 * What {@code compozy} exits with, so scripts can tell the cases apart. The numbers are part of the
 * CLI's contract (README lists them): never renumber one.
 */
public enum ExitCode {
  OK(0),
  /**
   * The command worked, but the execution it ran or watched ended failed, canceled or timed out.
   */
  EXECUTION_FAILED(1),
  /** The command line itself is wrong (picocli's own code for usage errors). */
  USAGE(2),
  NOT_FOUND(3),
  /** No key, or the key is refused (401) or lacks the role (403). */
  DENIED(4),
  /** The server refused the request as invalid or conflicting (400, 409, 412, 422). */
  REFUSED(5),
  /** The server cannot be reached, or answered 503/504: trying again later may work. */
  UNAVAILABLE(6),
  /** The server failed (another 5xx): a defect to report. */
  SERVER_ERROR(7),
  /** A synchronous run did not end within its timeout (408): the execution goes on. */
  TIMED_OUT(8);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The exit code for an HTTP status the API answered with. */
  public static ExitCode forStatus(int status) {
    return switch (status) {
      case 401, 403 -> DENIED;
      case 408 -> TIMED_OUT;
      case 404, 410 -> NOT_FOUND;
      case 400, 409, 412, 413, 415, 422, 429 -> status == 429 ? UNAVAILABLE : REFUSED;
      case 502, 503, 504 -> UNAVAILABLE;
      default -> status >= 500 ? SERVER_ERROR : status >= 400 ? REFUSED : OK;
    };
  }
}
