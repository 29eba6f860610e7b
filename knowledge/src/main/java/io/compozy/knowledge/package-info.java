/**
 * Knowledge bases' parts, free of Spring and of the platform's messaging: {@link
 * io.compozy.knowledge.TextSplitter} cuts documents into chunks with deterministic ids, {@link
 * io.compozy.knowledge.LocalEmbedder} embeds them offline, {@link io.compozy.knowledge.LuceneIndex}
 * keeps them on disk and finds the nearest, and {@link io.compozy.knowledge.KnowledgeStore} ingests
 * a source so that only what changed is embedded again.
 */
@NullMarked
package io.compozy.knowledge;

import org.jspecify.annotations.NullMarked;
