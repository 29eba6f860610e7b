package io.compozy.execution.role;

/**
 * What an execution-service instance does. The API (start, read, control, stream, hooks, events)
 * and the workers (tools, agents, memory, MCP) load the machine very differently (a model call
 * holds a worker for seconds), so an operator runs them apart and scales each alone.
 */
public enum ExecutionRole {
  /**
   * The executions API, webhooks and events, and the feed that keeps each execution's event stream.
   */
  API,
  /** The step workers: tools, agents, memory. */
  WORKERS
}
