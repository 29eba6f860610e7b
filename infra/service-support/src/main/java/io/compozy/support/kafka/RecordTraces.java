package io.compozy.support.kafka;

import io.compozy.support.tracing.TraceparentHeader;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/** A record's trace: the W3C {@code traceparent} header, as HTTP carries it. */
public final class RecordTraces {
  private RecordTraces() {}

  /** The record's {@code traceparent} header, or null. */
  public static @Nullable String of(Headers headers) {
    Header h = headers.lastHeader(TraceparentHeader.HEADER);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  public static void put(Headers headers, @Nullable String traceparent) {
    if (traceparent != null) {
      headers.remove(TraceparentHeader.HEADER);
      headers.add(TraceparentHeader.HEADER, traceparent.getBytes(StandardCharsets.UTF_8));
    }
  }
}
