package io.compozy.contracts.dsl;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The ids a definition may name, by kind, beyond those it declares itself. A null set means "not
 * checked here" (a caller that cannot know them).
 */
public record KnownIds(
    @Nullable Set<String> tools,
    @Nullable Set<String> agents,
    @Nullable Set<String> schemas,
    @Nullable Set<String> mcps,
    @Nullable Set<String> memories,
    @Nullable Set<String> models,
    @Nullable Set<String> knowledgeBases) {

  /** Without knowledge bases (not checked). */
  public KnownIds(
      @Nullable Set<String> tools,
      @Nullable Set<String> agents,
      @Nullable Set<String> schemas,
      @Nullable Set<String> mcps,
      @Nullable Set<String> memories,
      @Nullable Set<String> models) {
    this(tools, agents, schemas, mcps, memories, models, null);
  }

  public static KnownIds toolsOnly(Set<String> tools) {
    return new KnownIds(tools, null, null, null, null, null, null);
  }

  static boolean missing(@Nullable Set<String> known, String id) {
    return known != null && !known.contains(id);
  }
}
