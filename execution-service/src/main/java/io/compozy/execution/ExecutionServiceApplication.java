package io.compozy.execution;

import io.compozy.support.ServiceName;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The executions API and the step workers. */
@SpringBootApplication
@ServiceName("execution-service")
public class ExecutionServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(ExecutionServiceApplication.class, args);
  }
}
