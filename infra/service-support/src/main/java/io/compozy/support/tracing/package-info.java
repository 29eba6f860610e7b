/**
 * Tracing: Micrometer Tracing over OpenTelemetry (Spring Boot's), spans exported by OTLP where
 * {@code management.opentelemetry.tracing.export.otlp.endpoint} is set and to Zipkin where {@code
 * management.tracing.export.zipkin.endpoint} is; the trace of each request named to its caller in a
 * {@code traceparent} answer header.
 */
@NullMarked
package io.compozy.support.tracing;

import org.jspecify.annotations.NullMarked;
