package io.compozy.support.sql;

import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Parameters;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Bind values that may be null: R2DBC needs the column's type even for a null, so a nullable value
 * is bound as a typed {@link Parameter} ({@code DatabaseClient.bind} takes one as the value).
 */
public final class SqlValues {
  private SqlValues() {}

  public static <T> Parameter nullable(@Nullable T value, Class<T> type) {
    return value == null ? Parameters.in(type) : Parameters.in(value);
  }

  /** An instant as {@code timestamptz} (in UTC), or a typed null. */
  public static Parameter time(@Nullable Instant value) {
    return nullable(value == null ? null : value.atOffset(ZoneOffset.UTC), OffsetDateTime.class);
  }
}
