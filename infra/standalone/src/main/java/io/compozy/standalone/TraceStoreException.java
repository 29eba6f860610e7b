package io.compozy.standalone;

/** The trace store could not be started: one line for the user, no stack trace. */
final class TraceStoreException extends RuntimeException {
  TraceStoreException(String message) {
    super(message);
  }

  TraceStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
