/**
 * The read-only view of definitions every service keeps, fed by the compacted topic {@code
 * compozy.resources}. Uses the plain Kafka client, no Spring.
 */
@NullMarked
package io.compozy.contracts.catalog;

import org.jspecify.annotations.NullMarked;
