/** {@code /api/v0/health}: the readiness of every service and of Kafka, Postgres and Redis. */
@NullMarked
package io.compozy.gateway.health;

import org.jspecify.annotations.NullMarked;
