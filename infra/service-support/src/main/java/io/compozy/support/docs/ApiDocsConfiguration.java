package io.compozy.support.docs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * What every service's OpenAPI document shares: body properties named as the API writes them
 * ({@code snake_case}, the platform's Jackson naming; springdoc reads types with swagger's own
 * mapper, which would name them as the Java fields are).
 */
@AutoConfiguration
@ConditionalOnClass(ModelResolver.class)
public class ApiDocsConfiguration {
  @Bean
  ModelResolver snakeCaseModelResolver() {
    // the documents are OpenAPI 3.1: the resolver must write 3.1 schemas too (types as JSON Schema
    // 2020-12)
    return new ModelResolver(
            Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
        .openapi31(true);
  }
}
