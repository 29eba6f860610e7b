package io.compozy.support.outbox;

import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A store's writes that run in the outbox's statement, so that they and the messages they cause are
 * written together without a transaction (two round trips fewer than BEGIN, write, insert, COMMIT:
 * docs/benchmarks.md). The store that owns the tables builds it; the outbox only places it before
 * its own insert.
 *
 * @param ctes data-modifying common table expressions, comma-separated ({@code name as (insert
 *     ...), other as (update ...)}); they run whether or not anything reads them
 * @param check an SQL expression evaluated once after the writes (it may read their {@code
 *     returning} rows); to refuse the whole statement it raises an error
 * @param binds binds the parameters of both; names starting {@code outbox_} are the outbox's own
 */
public record StatementWrites(
    String ctes, @Nullable String check, UnaryOperator<DatabaseClient.GenericExecuteSpec> binds) {}
