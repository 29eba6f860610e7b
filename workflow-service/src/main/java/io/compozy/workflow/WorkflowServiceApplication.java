package io.compozy.workflow;

import io.compozy.support.ServiceName;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The orchestrator: consumes commands and step results, keeps every execution's state machine. */
@SpringBootApplication
@ServiceName("workflow-service")
public class WorkflowServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(WorkflowServiceApplication.class, args);
  }
}
