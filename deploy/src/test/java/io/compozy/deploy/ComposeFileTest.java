package io.compozy.deploy;

import static io.compozy.deploy.Tree.at;
import static io.compozy.deploy.Tree.has;
import static io.compozy.deploy.Tree.list;
import static io.compozy.deploy.Tree.map;
import static io.compozy.deploy.Tree.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.support.health.HealthProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose/compose.yaml, parsed, checked against the services: images, ports, health checks,
 * variables.
 */
class ComposeFileTest {
  private static final Path DIR = PlatformService.HOME.resolve("deploy/compose");
  private static final String VERSION = System.getProperty("compozy.version", "0.1.0-SNAPSHOT");

  @Test
  void everyServiceRunsItsImageWithTheVariablesItReadsAndAHealthCheckOnItsPort() throws Exception {
    Map<String, Object> compose = load();
    Map<String, Object> services = map(compose, "services");
    assertThat(services.keySet())
        .containsExactlyInAnyOrderElementsOf(
            concat(
                List.of("kafka", "postgres", "redis"),
                Arrays.stream(PlatformService.values()).map(s -> s.module).toList()));
    Set<String> known = WhatServicesUse.environmentVariables();
    for (PlatformService service : PlatformService.values()) {
      Object s = services.get(service.module);
      assertThat(string(s, "image"))
          .isEqualTo(
              "${COMPOZY_IMAGE_REGISTRY:-compozy}/"
                  + service.imageName()
                  + ":${COMPOZY_VERSION:-"
                  + VERSION
                  + "}");
      Map<String, Object> env = map(s, "environment");
      assertThat(env.keySet())
          .as("variables of %s no service reads", service.module)
          .isSubsetOf(known);
      assertThat(env)
          .containsKeys(
              "COMPOZY_KAFKA_BOOTSTRAP",
              "COMPOZY_POSTGRES_HOST",
              "COMPOZY_POSTGRES_PASSWORD",
              "COMPOZY_REDIS_HOST",
              "COMPOZY_REDIS_PASSWORD",
              "COMPOZY_INTERNAL_SECRET");
      assertThat(env.get("COMPOZY_KAFKA_BOOTSTRAP")).isEqualTo("kafka:9092");
      assertThat(env.get("COMPOZY_POSTGRES_HOST")).isEqualTo("postgres");
      assertThat(env.get("COMPOZY_REDIS_HOST")).isEqualTo("redis");
      // the health check is the probe class on the image's classpath, asking the service's own port
      List<Object> test = list(s, "healthcheck.test");
      assertThat(test.subList(0, 4))
          .containsExactly("CMD", "java", "-cp", "@/app/jib-classpath-file");
      assertThat(Class.forName(String.valueOf(test.get(4)))).isEqualTo(HealthProbe.class);
      assertThat(test.get(5))
          .isEqualTo("http://127.0.0.1:" + service.port() + "/actuator/health/readiness");
      assertThat(has(s, "ports"))
          .as("%s published", service.module)
          .isEqualTo(service == PlatformService.GATEWAY);
      assertThat(at(s, "read_only")).isEqualTo(true);
    }
    assertThat(list(services.get("gateway"), "ports"))
        .containsExactly("${COMPOZY_GATEWAY_PORTS:-5001}:" + PlatformService.GATEWAY.port());
    Map<String, Object> gateway = map(services.get("gateway"), "environment");
    assertThat(gateway)
        .containsKeys("COMPOZY_KEY_SECRET", "COMPOZY_ADMIN_KEY")
        .containsEntry(
            "COMPOZY_REGISTRY_URL", "http://registry-service:" + PlatformService.REGISTRY.port())
        .containsEntry(
            "COMPOZY_EXECUTION_URL", "http://execution-service:" + PlatformService.EXECUTION.port())
        .containsEntry(
            "COMPOZY_WORKFLOW_URL", "http://workflow-service:" + PlatformService.WORKFLOW.port())
        .containsEntry(
            "COMPOZY_SCHEDULER_URL",
            "http://scheduler-service:" + PlatformService.SCHEDULER.port());
    assertThat(map(services.get("scheduler-service"), "environment"))
        .containsEntry(
            "COMPOZY_EXECUTION_URL",
            "http://execution-service:" + PlatformService.EXECUTION.port());
    // the project is where the registry reads it and the tools run from
    String projectDir = string(services.get("registry-service"), "environment.COMPOZY_PROJECT_DIR");
    for (String module : List.of("registry-service", "execution-service")) {
      assertThat(list(services.get(module), "volumes"))
          .anySatisfy(v -> assertThat(String.valueOf(v)).contains(":" + projectDir + ":ro"));
    }
  }

  @Test
  void kafkaPostgresAndRedisAreTheOnesTheServicesAreToldAbout() throws Exception {
    Map<String, Object> services = map(load(), "services");
    assertThat(string(services.get("kafka"), "environment.KAFKA_ADVERTISED_LISTENERS"))
        .isEqualTo("PLAINTEXT://kafka:9092");
    assertThat(string(services.get("postgres"), "environment.POSTGRES_DB"))
        .isEqualTo(string(services.get("registry-service"), "environment.COMPOZY_POSTGRES_DB"));
    assertThat(string(services.get("postgres"), "environment.POSTGRES_USER"))
        .isEqualTo(string(services.get("registry-service"), "environment.COMPOZY_POSTGRES_USER"));
    for (String infra : List.of("kafka", "postgres", "redis")) {
      assertThat(map(services.get("workflow-service"), "depends_on")).containsKey(infra);
      assertThat(has(services.get(infra), "healthcheck.test")).isTrue();
    }
  }

  @Test
  void everyRequiredVariableIsInTheExampleEnvironmentFile() throws Exception {
    String text = Files.readString(DIR.resolve("compose.yaml"));
    Matcher required = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(text);
    Set<String> needed = new TreeSet<>();
    while (required.find()) {
      needed.add(required.group(1));
    }
    assertThat(needed).contains("COMPOZY_INTERNAL_SECRET", "COMPOZY_KEY_SECRET");
    Set<String> example =
        Files.readAllLines(DIR.resolve(".env.example")).stream()
            .filter(l -> l.matches("[A-Z0-9_]+=.*"))
            .map(l -> l.substring(0, l.indexOf('=')))
            .collect(Collectors.toSet());
    assertThat(example).containsAll(needed);
  }

  private static Map<String, Object> load() throws Exception {
    return new Yaml().load(Files.readString(DIR.resolve("compose.yaml")));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
