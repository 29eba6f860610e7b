package io.compozy.execution;

import io.compozy.support.ServiceName;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The executions API and the step workers. */
@SpringBootApplication
@ConfigurationPropertiesScan
@ServiceName("execution-service")
public class ExecutionServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(ExecutionServiceApplication.class, args);
  }
}
