package io.compozy.standalone.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a cluster runs, each instance its own process, in the order they start. */
public enum ClusterService {
  /**
   * A node of the embedded Kafka quorum ({@code --kafka-brokers 3}), run from the launcher's own
   * classes; with one broker Kafka runs inside the launcher and has no instances.
   */
  KAFKA("kafka", -1),
  REGISTRY("registry-service", 1),
  WORKFLOW("workflow-service", 3),
  EXECUTION("execution-service", 2),
  /** execution-service with the API role only ({@code compozy.execution.roles=api}). */
  EXECUTION_API("execution-service", 5),
  /** execution-service with the workers role only. */
  EXECUTION_WORKERS("execution-service", 6),
  SCHEDULER("scheduler-service", 4),
  GATEWAY("gateway", 0);

  private final String module;
  private final int portBlock;

  ClusterService(String module, int portBlock) {
    this.module = module;
    this.portBlock = portBlock;
  }

  /** The short name users type: {@code workflow}, {@code gateway}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Whether it is a platform service (a Spring Boot application with its own jar and HTTP probes).
   */
  boolean isPlatformService() {
    return this != KAFKA;
  }

  /** Whether its instances serve the executions API (the gateways and schedulers call them). */
  boolean servesExecutionApi() {
    return this == EXECUTION || this == EXECUTION_API;
  }

  /** {@code compozy.execution.roles} for its instances, or null: the service's default. */
  String executionRoles() {
    return switch (this) {
      case EXECUTION_API -> "api";
      case EXECUTION_WORKERS -> "workers";
      default -> null;
    };
  }

  /** The Maven module (and jar, and {@code spring.application.name}) of the service. */
  public String module() {
    return module;
  }

  /** Its instances' ports with base port B: B + 100 × block + (n − 1); the gateway's block is 0. */
  int portBlock() {
    return portBlock;
  }

  /** {@code workflow} or {@code workflow-service}; anything else is refused naming the choices. */
  public static ClusterService parse(String text) {
    for (ClusterService s : values()) {
      if (s.key().equalsIgnoreCase(text)) {
        return s;
      }
    }
    for (ClusterService s : values()) {
      if (s.module.equalsIgnoreCase(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown service '" + text + "': one of " + choices());
  }

  static String choices() {
    return Arrays.stream(values()).map(ClusterService::key).collect(Collectors.joining(", "));
  }
}
