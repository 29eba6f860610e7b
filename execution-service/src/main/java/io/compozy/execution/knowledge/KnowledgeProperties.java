package io.compozy.execution.knowledge;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code compozy.knowledge}: where the embedded indexes live, and the bounds of what an ingest
 * reads.
 *
 * @param dir the folder of the on-disk indexes, one per knowledge base (standalone: the data
 *     directory's {@code knowledge})
 * @param maxFileBytes the largest document read; a larger one fails the ingest naming it
 * @param maxFiles the most documents one source may match
 * @param ingestWait how long {@code POST /knowledge-bases/{id}/ingest} waits for its job before
 *     answering 202
 */
@ConfigurationProperties("compozy.knowledge")
public record KnowledgeProperties(
    @Nullable String dir,
    Long maxFileBytes,
    Integer maxFiles,
    java.time.@Nullable Duration ingestWait) {
  public KnowledgeProperties {
    maxFileBytes = maxFileBytes == null ? 5L * 1024 * 1024 : maxFileBytes;
    maxFiles = maxFiles == null ? 10_000 : maxFiles;
  }

  public java.time.Duration ingestWaitOrDefault() {
    return ingestWait == null ? java.time.Duration.ofSeconds(60) : ingestWait;
  }

  public String dirOrDefault() {
    return dir == null || dir.isBlank()
        ? System.getProperty("java.io.tmpdir") + "/compozy-knowledge"
        : dir;
  }
}
