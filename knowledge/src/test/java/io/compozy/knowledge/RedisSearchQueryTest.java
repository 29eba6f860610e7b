package io.compozy.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class RedisSearchQueryTest {
  @Test
  void theKnnQueryFiltersToTheBaseByItsTag() {
    assertThat(RedisSearchQuery.knn("kb_id", "handbook", "vector"))
        .isEqualTo("(@kb_id:{handbook})=>[KNN $k @vector $vec AS dist]");
  }

  @Test
  void everyCharacterTagSyntaxReadsIsEscapedSoABaseIdCannotWidenTheQuery() {
    assertThat(RedisSearchQuery.tag("support-docs.v2")).isEqualTo("support\\-docs\\.v2");
    // an id written to close the tag and match every base stays one literal value
    assertThat(RedisSearchQuery.tag("x} | @kb_id:{*")).isEqualTo("x\\}\\ \\|\\ \\@kb_id\\:\\{\\*");
    assertThat(RedisSearchQuery.tag("a\\b")).isEqualTo("a\\\\b");
    assertThat(RedisSearchQuery.tag("base_1")).isEqualTo("base_1");
    assertThat(RedisSearchQuery.tag("bücher")).isEqualTo("bücher");
  }

  @Test
  void vectorsAreLittleEndianFloat32Blobs() {
    byte[] blob = RedisSearchQuery.blob(new float[] {1.5f, -2f});
    assertThat(blob).hasSize(8);
    ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getFloat()).isEqualTo(1.5f);
    assertThat(b.getFloat()).isEqualTo(-2f);
  }

  @Test
  void aScoreIsTheCosineSimilarityTheDistanceLeaves() {
    assertThat(RedisSearchQuery.score(0)).isEqualTo(1);
    assertThat(RedisSearchQuery.score(2)).isEqualTo(-1);
    assertThat(RedisSearchQuery.score(0.25)).isEqualTo(0.75);
  }
}
