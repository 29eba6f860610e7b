package io.compozy.contracts.topic;

import java.util.List;

/** How a topic is created: compacted or not. Partitions and replication come from configuration. */
public record TopicSpec(String name, boolean compacted) {
  /** Every topic of the platform; a service declares the ones it produces or consumes. */
  public static final List<TopicSpec> ALL =
      List.of(
          new TopicSpec(Topics.RESOURCES, true),
          new TopicSpec(Topics.COMMANDS, false),
          new TopicSpec(Topics.STEP_RESULTS, false),
          new TopicSpec(Topics.EXECUTION_EVENTS, false),
          new TopicSpec(Topics.TIMERS, false),
          new TopicSpec(Topics.EVENTS, false),
          new TopicSpec(Topics.STEPS_TOOL, false),
          new TopicSpec(Topics.STEPS_AGENT, false),
          new TopicSpec(Topics.STEPS_MEMORY, false),
          new TopicSpec(Topics.KNOWLEDGE_INGEST, false),
          new TopicSpec(Topics.KNOWLEDGE_EVENTS, false),
          new TopicSpec(Topics.KNOWLEDGE_CHUNKS, true));

  public static TopicSpec of(String name) {
    if (name.endsWith(Topics.DEAD_LETTER_SUFFIX)) {
      of(name.substring(0, name.length() - Topics.DEAD_LETTER_SUFFIX.length()));
      return new TopicSpec(name, false);
    }
    return ALL.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown topic " + name));
  }
}
