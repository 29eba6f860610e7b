package io.compozy.knowledge;

/**
 * A chunk found by a query, with its cosine similarity to the query (-1 to 1, higher is nearer).
 */
public record Hit(String id, String source, int index, String text, double score) {}
