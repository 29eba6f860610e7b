/** Kafka wiring every service shares: its topics, and Kafka in readiness. */
@NullMarked
package io.compozy.support.kafka;

import org.jspecify.annotations.NullMarked;
