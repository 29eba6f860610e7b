package io.compozy.cli.output;

/**
 * How a command prints what it got: a table for people, JSON or YAML (the API's own fields) for
 * scripts.
 */
public enum OutputFormat {
  TABLE,
  JSON,
  YAML
}
