package io.compozy.execution.role;

import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class ExecutionRolesConfiguration {
  @Bean(ExecutionRoles.BEAN)
  ExecutionRoles executionRoles(Environment environment) {
    return new ExecutionRoles(
        Binder.get(environment)
            .bind("compozy.execution.roles", Bindable.listOf(String.class))
            .orElse(List.of()));
  }

  @Bean
  ApiRoleFilter apiRoleFilter(ExecutionRoles roles) {
    return new ApiRoleFilter(roles);
  }
}
