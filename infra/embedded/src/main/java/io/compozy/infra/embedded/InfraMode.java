package io.compozy.infra.embedded;

import java.util.Locale;

/**
 * How the servers are provided, from {@code COMPOZY_TEST_INFRA}: {@code embedded} (default, in this
 * JVM), {@code containers} (Testcontainers, needs Docker) or {@code auto} (containers when a Docker
 * engine answers, embedded otherwise). Each server may instead be external, see {@link
 * Infrastructure}.
 */
public enum InfraMode {
  EMBEDDED,
  CONTAINERS,
  AUTO;

  public static InfraMode fromEnvironment() {
    String v = System.getenv().getOrDefault("COMPOZY_TEST_INFRA", "embedded");
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "embedded", "" -> EMBEDDED;
      case "containers", "docker", "testcontainers" -> CONTAINERS;
      case "auto" -> AUTO;
      default ->
          throw new IllegalArgumentException(
              "COMPOZY_TEST_INFRA=" + v + " is not one of embedded, containers, auto");
    };
  }
}
