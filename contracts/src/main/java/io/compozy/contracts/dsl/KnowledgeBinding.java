package io.compozy.contracts.dsl;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A knowledge base bound to a workflow, task or agent (Compozy's {@code knowledge}), with retrieval
 * settings that win over the base's: flat ({@code top_k}, …) or under {@code retrieval}.
 */
public record KnowledgeBinding(
    String id,
    @Nullable Integer topK,
    @Nullable Double minScore,
    @Nullable Integer maxTokens,
    @Nullable String injectAs,
    @Nullable String fallback,
    @Nullable Map<String, Object> filters,
    KnowledgeBaseDef.@Nullable Retrieval retrieval) {}
