package io.compozy.contracts.topic;

/**
 * Names of the Kafka topics the services talk over; see ARCHITECTURE.md for who produces and
 * consumes.
 */
public final class Topics {
  public static final String RESOURCES = "compozy.resources";
  public static final String COMMANDS = "compozy.commands";
  public static final String STEP_RESULTS = "compozy.step-results";
  public static final String EXECUTION_EVENTS = "compozy.execution-events";
  public static final String TIMERS = "compozy.timers";
  public static final String EVENTS = "compozy.events";
  public static final String STEPS_PREFIX = "compozy.steps.";
  public static final String STEPS_TOOL = STEPS_PREFIX + "tool";
  public static final String STEPS_AGENT = STEPS_PREFIX + "agent";
  public static final String STEPS_MEMORY = STEPS_PREFIX + "memory";

  /** Ingestion steps of knowledge bases (plan, then one per document), keyed by the base. */
  public static final String KNOWLEDGE_INGEST = "compozy.knowledge.ingest";

  /** Progress of ingestion jobs, keyed by the base: for whoever watches (a UI, a pipeline). */
  public static final String KNOWLEDGE_EVENTS = "compozy.knowledge.events";

  /**
   * Every knowledge base's chunks with their vectors, compacted, keyed {@code <base>/<chunk id>}:
   * written by ingestion, replicated into each execution instance's local index.
   */
  public static final String KNOWLEDGE_CHUNKS = "compozy.knowledge.chunks";

  public static final String DEAD_LETTER_SUFFIX = ".DLT";

  /** Header carrying the message id that consumers use to drop duplicates. */
  public static final String HEADER_MESSAGE_ID = "compozy-message-id";

  /** Header carrying the request id of the HTTP call that caused the message. */
  public static final String HEADER_REQUEST_ID = "compozy-request-id";

  private Topics() {}
}
