package io.compozy.standalone.cluster;

/**
 * Why a cluster cannot start (a port in use, a jar missing): one line for the user, no stack trace.
 */
public final class ClusterRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClusterRefusedException(String message) {
    super(message, null, false, false);
  }
}
