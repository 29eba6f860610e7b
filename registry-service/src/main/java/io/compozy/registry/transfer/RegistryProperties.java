package io.compozy.registry.transfer;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code compozy.registry}: the project directory to load at start ({@code COMPOZY_PROJECT_DIR}).
 */
@ConfigurationProperties("compozy.registry")
public record RegistryProperties(@Nullable String projectDir) {}
