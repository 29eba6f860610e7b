package io.compozy.execution.run;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code compozy.execution.start}: how long a start may take to be stored. Past {@code deadline}
 * (by Postgres's clock, against this service's: keep them in sync) Postgres refuses it, and the
 * caller gets a 503 with {@code Retry-After} instead of an execution that starts unseen later. A
 * start of a workflow this service has not seen yet waits up to {@code catalog-wait} for it to
 * arrive from the registry (a workflow stored a moment ago) before it is a 404.
 */
@ConfigurationProperties("compozy.execution.start")
public record StartProperties(
    @DefaultValue("30s") Duration deadline, @DefaultValue("2s") Duration catalogWait) {}
