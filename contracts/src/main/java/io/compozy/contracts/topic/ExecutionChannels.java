package io.compozy.contracts.topic;

/** Redis pub/sub channels about an execution that more than one service uses. */
public final class ExecutionChannels {
  private ExecutionChannels() {}

  /**
   * Told an execution's final status once it ends: by the orchestrator right after the write that
   * ended it, and again by the event feed when the end reaches it through Kafka. A wake-up, not a
   * record: who waits reads the execution from Postgres.
   */
  public static String done(String execId) {
    return "compozy:exec:" + execId + ":done";
  }
}
