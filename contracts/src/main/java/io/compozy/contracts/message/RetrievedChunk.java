package io.compozy.contracts.message;

/**
 * A chunk of a knowledge base an agent step read before its model call: which base, which document
 * ({@code source}: a path under the project or a URL), which chunk of it, and how near it was to
 * the prompt (cosine similarity).
 */
public record RetrievedChunk(
    String knowledgeBaseId, String source, int chunkIndex, String chunkId, double score) {}
