package io.compozy.contracts.message;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * A chunk of a knowledge base with its vector, on the compacted {@code compozy.knowledge.chunks}
 * keyed {@code <knowledge base id>/<chunk id>} (a deleted chunk is a tombstone): the log every
 * instance's index replicates. {@code model} is the embedder's {@code provider:model/dimension};
 * {@code vector} the floats, little-endian IEEE 754, in base64.
 */
public record KnowledgeChunk(
    String knowledgeBaseId,
    String id,
    String source,
    int index,
    String text,
    String model,
    String vector) {

  public static String key(String knowledgeBaseId, String chunkId) {
    return knowledgeBaseId + "/" + chunkId;
  }

  public static String encode(float[] vector) {
    ByteBuffer b = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : vector) {
      b.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(b.array());
  }

  public float[] floats() {
    ByteBuffer b =
        ByteBuffer.wrap(Base64.getDecoder().decode(vector)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / Float.BYTES];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getFloat();
    }
    return out;
  }
}
