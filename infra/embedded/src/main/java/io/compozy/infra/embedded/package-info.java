/**
 * Real Kafka, Postgres and Redis servers for tests and standalone mode: embedded in this JVM, in
 * Testcontainers when Docker answers and it is asked for, or external servers named by environment
 * variables.
 */
@NullMarked
package io.compozy.infra.embedded;

import org.jspecify.annotations.NullMarked;
