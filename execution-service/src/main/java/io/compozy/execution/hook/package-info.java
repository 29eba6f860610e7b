/**
 * Webhooks: {@code POST /hooks/{slug}} verified, deduplicated, matched against the trigger's events
 * and turned into executions.
 */
@NullMarked
package io.compozy.execution.hook;

import org.jspecify.annotations.NullMarked;
