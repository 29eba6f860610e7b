package io.compozy.contracts.dsl;

/** The kinds of definition the registry keeps, as they appear in keys and paths. */
public final class ResourceKinds {
  public static final String PROJECT = "project";
  public static final String WORKFLOW = "workflows";
  public static final String TOOL = "tools";
  public static final String MODEL = "models";
  public static final String AGENT = "agents";
  public static final String MEMORY = "memories";
  public static final String TASK = "tasks";
  public static final String MCP = "mcps";
  public static final String SCHEMA = "schemas";
  public static final String KNOWLEDGE_BASE = "knowledge-bases";

  private ResourceKinds() {}
}
