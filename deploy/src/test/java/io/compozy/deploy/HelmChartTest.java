package io.compozy.deploy;

import static io.compozy.deploy.Tree.at;
import static io.compozy.deploy.Tree.has;
import static io.compozy.deploy.Tree.list;
import static io.compozy.deploy.Tree.map;
import static io.compozy.deploy.Tree.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.compozy.execution.role.ExecutionRole;
import io.compozy.execution.role.ExecutionRoles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart, linted and rendered by helm itself (helm-java), and every rendered workload
 * checked against the services: image, port, probes, variables, roles, consumer groups.
 */
class HelmChartTest {
  private static final Path CHART = PlatformService.HOME.resolve("deploy/helm/compozy");
  private static final String VERSION = System.getProperty("compozy.version", "0.1.0-SNAPSHOT");

  /** The rendered workloads of release "compozy": name suffix to the Maven module it runs. */
  private static final Map<String, PlatformService> SPLIT =
      Map.of(
          "gateway",
          PlatformService.GATEWAY,
          "registry",
          PlatformService.REGISTRY,
          "workflow",
          PlatformService.WORKFLOW,
          "scheduler",
          PlatformService.SCHEDULER,
          "execution-api",
          PlatformService.EXECUTION,
          "execution-workers",
          PlatformService.EXECUTION);

  @Test
  void lintsCleanStrictly() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
  }

  @Test
  void everyServiceIsADeploymentWithItsImagePortProbesAndVariables() {
    Rendered r = render(Map.of());
    Set<String> known = WhatServicesUse.environmentVariables();
    assertThat(r.names("Deployment"))
        .containsExactlyInAnyOrderElementsOf(
            SPLIT.keySet().stream().map(n -> "compozy-" + n).toList());
    SPLIT.forEach(
        (suffix, service) -> {
          Object deployment = r.one("Deployment", "compozy-" + suffix);
          Object pod = at(deployment, "spec.template.spec");
          Object container = list(pod, "containers").getFirst();
          assertThat(string(container, "image"))
              .isEqualTo("compozy/" + service.imageName() + ":" + VERSION);
          assertThat(at(container, "ports.0.containerPort")).isEqualTo(service.port());
          assertThat(string(container, "livenessProbe.httpGet.path"))
              .isEqualTo("/actuator/health/liveness");
          assertThat(string(container, "readinessProbe.httpGet.path"))
              .isEqualTo("/actuator/health/readiness");
          assertThat(string(container, "startupProbe.httpGet.path"))
              .isEqualTo("/actuator/health/liveness");
          assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
          assertThat(at(pod, "securityContext.runAsUser")).isEqualTo(65532);
          assertThat(at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
          assertThat(map(container, "resources")).containsKeys("requests", "limits");

          Map<String, Object> env = env(container);
          assertThat(env.keySet())
              .as("variables of %s that no service reads", suffix)
              .isSubsetOf(known);
          assertThat(env)
              .containsKeys(
                  "COMPOZY_KAFKA_BOOTSTRAP",
                  "COMPOZY_POSTGRES_HOST",
                  "COMPOZY_POSTGRES_PASSWORD",
                  "COMPOZY_REDIS_HOST",
                  "COMPOZY_REDIS_PASSWORD",
                  "COMPOZY_INTERNAL_SECRET");
          for (Object value : env.values()) {
            if (value instanceof Map<?, ?> ref) {
              String secret = string(ref, "secretKeyRef.name");
              String key = string(ref, "secretKeyRef.key");
              boolean optional = has(ref, "secretKeyRef.optional");
              assertThat(optional || map(r.one("Secret", secret), "data").containsKey(key))
                  .as("%s has %s", secret, key)
                  .isTrue();
            }
          }
          // a Service in front of it on the same port, a disruption budget
          Object svc = r.one("Service", "compozy-" + suffix);
          assertThat(at(svc, "spec.ports.0.port")).isEqualTo(service.port());
          assertThat(map(svc, "spec.selector"))
              .isEqualTo(map(deployment, "spec.selector.matchLabels"));
          assertThat(
                  map(
                      r.one("PodDisruptionBudget", "compozy-" + suffix),
                      "spec.selector.matchLabels"))
              .isEqualTo(map(deployment, "spec.selector.matchLabels"));
        });

    Map<String, Object> gateway =
        env(
            list(r.one("Deployment", "compozy-gateway"), "spec.template.spec.containers")
                .getFirst());
    assertThat(gateway).containsKeys("COMPOZY_KEY_SECRET", "COMPOZY_ADMIN_KEY");
    assertThat(gateway)
        .containsEntry(
            "COMPOZY_REGISTRY_URL", "http://compozy-registry:" + PlatformService.REGISTRY.port())
        .containsEntry(
            "COMPOZY_EXECUTION_URL",
            "http://compozy-execution-api:" + PlatformService.EXECUTION.port())
        .containsEntry(
            "COMPOZY_WORKFLOW_URL", "http://compozy-workflow:" + PlatformService.WORKFLOW.port())
        .containsEntry(
            "COMPOZY_SCHEDULER_URL",
            "http://compozy-scheduler:" + PlatformService.SCHEDULER.port());
    for (String url :
        List.of(
            "COMPOZY_REGISTRY_URL",
            "COMPOZY_EXECUTION_URL",
            "COMPOZY_WORKFLOW_URL",
            "COMPOZY_SCHEDULER_URL")) {
      String host = String.valueOf(gateway.get(url)).replaceAll("http://([^:]+):.*", "$1");
      assertThat(r.names("Service")).contains(host);
    }
    // the execution roles are ones the service accepts, and split the way the names say
    assertThat(roles(r, "compozy-execution-api"))
        .isEqualTo(new ExecutionRoles(List.of("api")).roles());
    assertThat(roles(r, "compozy-execution-workers"))
        .isEqualTo(new ExecutionRoles(List.of("workers")).roles());
    // the project is where the registry reads it and the tool workers run it from
    String projectDir =
        String.valueOf(
            env(list(r.one("Deployment", "compozy-registry"), "spec.template.spec.containers")
                    .getFirst())
                .get("COMPOZY_PROJECT_DIR"));
    assertThat(
            env(
                list(
                        r.one("Deployment", "compozy-execution-workers"),
                        "spec.template.spec.containers")
                    .getFirst()))
        .containsEntry("COMPOZY_PROJECT_DIR", projectDir);
    assertThat(mountPaths(r, "compozy-registry")).contains(projectDir);
    assertThat(mountPaths(r, "compozy-execution-workers")).contains(projectDir);
  }

  @Test
  void onlyTheGatewayIsReachableFromOutside() {
    Rendered r = render(Map.of());
    Object internal = r.one("NetworkPolicy", "compozy-internal");
    Object door = r.one("NetworkPolicy", "compozy-gateway");
    Map<String, Object> insiders = map(internal, "spec.podSelector.matchLabels");
    assertThat(list(internal, "spec.ingress")).hasSize(1);
    assertThat(map(internal, "spec.ingress.0.from.0.podSelector.matchLabels")).isEqualTo(insiders);
    for (String name : r.names("Deployment")) {
      Map<String, Object> labels = map(r.one("Deployment", name), "spec.template.metadata.labels");
      assertThat(labels.entrySet())
          .as("%s is covered by the internal policy", name)
          .containsAll(insiders.entrySet());
      boolean isDoor =
          labels.entrySet().containsAll(map(door, "spec.podSelector.matchLabels").entrySet());
      assertThat(isDoor).as("%s open to outside", name).isEqualTo(name.equals("compozy-gateway"));
    }
    assertThat(at(door, "spec.ingress.0.ports.0.port")).isEqualTo(PlatformService.GATEWAY.port());
    assertThat(has(door, "spec.ingress.0.from")).isFalse();

    // a metrics scraper named by the operator is let in too, and only it
    Rendered scraped =
        render(
            Map.of(
                "networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.team", "monitoring"));
    Object withScraper = scraped.one("NetworkPolicy", "compozy-internal");
    assertThat(list(withScraper, "spec.ingress")).hasSize(2);
    assertThat(string(withScraper, "spec.ingress.1.from.0.namespaceSelector.matchLabels.team"))
        .isEqualTo("monitoring");
  }

  @Test
  void cpuAutoscalersTargetTheirDeploymentsAndKedaScalesOnTheGroupsTheServicesConsume() {
    Rendered cpu = render(Map.of());
    for (String name : cpu.names("HorizontalPodAutoscaler")) {
      assertThat(cpu.names("Deployment"))
          .contains(string(cpu.one("HorizontalPodAutoscaler", name), "spec.scaleTargetRef.name"));
    }
    assertThat(cpu.names("HorizontalPodAutoscaler"))
        .contains("compozy-gateway", "compozy-workflow", "compozy-execution-workers");
    assertThat(cpu.names("ScaledObject")).isEmpty();

    Rendered keda =
        render(Map.of("workflow.keda.enabled", "true", "execution.workers.keda.enabled", "true"));
    assertThat(keda.names("ScaledObject"))
        .containsExactlyInAnyOrder("compozy-workflow", "compozy-execution-workers");
    assertThat(keda.names("HorizontalPodAutoscaler"))
        .doesNotContain("compozy-workflow", "compozy-execution-workers");

    assertThat(triggers(keda, "compozy-workflow"))
        .isEqualTo(pairs(WhatServicesUse.listeners(PlatformService.WORKFLOW).values()));
    List<WhatServicesUse.Listener> workers =
        WhatServicesUse.listeners(PlatformService.EXECUTION).values().stream()
            .filter(l -> l.autoStartup().contains("workers"))
            .toList();
    assertThat(workers).isNotEmpty();
    assertThat(triggers(keda, "compozy-execution-workers")).isEqualTo(pairs(workers));
    for (String name : keda.names("ScaledObject")) {
      Object so = keda.one("ScaledObject", name);
      assertThat(string(so, "spec.scaleTargetRef.name")).isEqualTo(name);
      assertThat((Integer) at(so, "spec.maxReplicaCount"))
          .as("no more instances than partitions")
          .isLessThanOrEqualTo(12);
    }
  }

  @Test
  void oneExecutionDeploymentRunsBothRolesWhenNotSplit() {
    Rendered r = render(Map.of("execution.split", "false"));
    assertThat(r.names("Deployment"))
        .contains("compozy-execution")
        .doesNotContain("compozy-execution-api", "compozy-execution-workers");
    assertThat(roles(r, "compozy-execution")).isEqualTo(new ExecutionRoles(List.of()).roles());
    String url = "http://compozy-execution:" + PlatformService.EXECUTION.port();
    assertThat(
            env(
                list(r.one("Deployment", "compozy-gateway"), "spec.template.spec.containers")
                    .getFirst()))
        .containsEntry("COMPOZY_EXECUTION_URL", url);
    assertThat(
            env(
                list(r.one("Deployment", "compozy-scheduler"), "spec.template.spec.containers")
                    .getFirst()))
        .containsEntry("COMPOZY_EXECUTION_URL", url);
  }

  @Test
  void externalServersAndAnOwnSecretReachEveryService() {
    Rendered r =
        render(
            Map.of(
                "kafka.bootstrap",
                "b1.kafka.example:9092,b2.kafka.example:9092",
                "postgres.host",
                "pg.example",
                "redis.host",
                "redis.example",
                "secrets.existingSecret",
                "platform-secrets"));
    assertThat(r.names("Secret")).isEmpty();
    for (String name : r.names("Deployment")) {
      Map<String, Object> env =
          env(list(r.one("Deployment", name), "spec.template.spec.containers").getFirst());
      assertThat(env)
          .containsEntry("COMPOZY_KAFKA_BOOTSTRAP", "b1.kafka.example:9092,b2.kafka.example:9092")
          .containsEntry("COMPOZY_POSTGRES_HOST", "pg.example")
          .containsEntry("COMPOZY_REDIS_HOST", "redis.example");
      assertThat(string(env.get("COMPOZY_INTERNAL_SECRET"), "secretKeyRef.name"))
          .isEqualTo("platform-secrets");
    }
  }

  @Test
  void tracesGoWhereTheValuesSayAndNowhereByDefault() {
    for (String name : render(Map.of()).names("Deployment")) {
      Map<String, Object> env =
          env(
              list(render(Map.of()).one("Deployment", name), "spec.template.spec.containers")
                  .getFirst());
      assertThat(env)
          .containsEntry("COMPOZY_TRACING_SAMPLING", "0.1")
          .doesNotContainKeys(
              "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
              "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT");
    }
    Rendered traced =
        render(
            Map.of(
                "tracing.sampling",
                "1",
                "tracing.otlpEndpoint",
                "http://collector:4318/v1/traces",
                "tracing.zipkinEndpoint",
                "http://zipkin:9411/api/v2/spans"));
    for (String name : traced.names("Deployment")) {
      Map<String, Object> env =
          env(list(traced.one("Deployment", name), "spec.template.spec.containers").getFirst());
      assertThat(env)
          .containsEntry("COMPOZY_TRACING_SAMPLING", "1")
          .containsEntry(
              "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
              "http://collector:4318/v1/traces")
          .containsEntry("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "true")
          .containsEntry(
              "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans");
    }
  }

  /** The roles the service itself makes of the workload's COMPOZY_EXECUTION_ROLES. */
  private static Set<ExecutionRole> roles(Rendered r, String deployment) {
    Object roles =
        env(list(r.one("Deployment", deployment), "spec.template.spec.containers").getFirst())
            .get("COMPOZY_EXECUTION_ROLES");
    return new ExecutionRoles(Arrays.asList(String.valueOf(roles).split(","))).roles();
  }

  private static List<String> mountPaths(Rendered r, String deployment) {
    return list(
            list(r.one("Deployment", deployment), "spec.template.spec.containers").getFirst(),
            "volumeMounts")
        .stream()
        .map(m -> string(m, "mountPath"))
        .toList();
  }

  private static Set<String> triggers(Rendered r, String scaledObject) {
    Set<String> pairs = new HashSet<>();
    for (Object t : list(r.one("ScaledObject", scaledObject), "spec.triggers")) {
      assertThat(string(t, "type")).isEqualTo("kafka");
      pairs.add(string(t, "metadata.consumerGroup") + " <- " + string(t, "metadata.topic"));
    }
    return pairs;
  }

  private static Set<String> pairs(Collection<WhatServicesUse.Listener> listeners) {
    Set<String> pairs = new HashSet<>();
    listeners.forEach(l -> l.topics().forEach(t -> pairs.add(l.group() + " <- " + t)));
    return pairs;
  }

  /** A container's variables: name to value, or to its valueFrom. */
  private static Map<String, Object> env(Object container) {
    Map<String, Object> env = new LinkedHashMap<>();
    for (Object e : list(container, "env")) {
      String name = string(e, "name");
      assertThat(env).as("variable %s set twice", name).doesNotContainKey(name);
      env.put(name, has(e, "value") ? at(e, "value") : at(e, "valueFrom"));
    }
    return env;
  }

  @Test
  void installsOnAClusterWithTheDefaults() {
    // a client-side install: every template executes, lookups included (they find nothing, as on a
    // first install)
    var release =
        new Helm(CHART)
            .install()
            .withName("compozy")
            .withNamespace("platform")
            .dryRun()
            .withDryRunOption(DryRun.CLIENT)
            .clientOnly()
            .call();
    assertThat(release.getStatus()).isEqualTo("pending-install");
    assertThat(release.getOutput()).contains("compozy-gateway", "port 5001");
  }

  /**
   * {@code helm template} of release "compozy" with {@code values} (no cluster: generated secrets
   * are not looked up).
   */
  private static Rendered render(Map<String, String> values) {
    var template =
        new Helm(CHART)
            .template()
            .withName("compozy")
            .withNamespace("platform")
            .set("secrets.keepGenerated", "false");
    values.forEach(template::set);
    String output = template.call();
    List<Object> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(output)) {
      if (doc != null) {
        docs.add(doc);
      }
    }
    return new Rendered(docs);
  }

  private record Rendered(List<Object> docs) {
    List<String> names(String kind) {
      return docs.stream()
          .filter(d -> kind.equals(string(d, "kind")))
          .map(d -> string(d, "metadata.name"))
          .toList();
    }

    Object one(String kind, String name) {
      List<Object> found =
          docs.stream()
              .filter(
                  d -> kind.equals(string(d, "kind")) && name.equals(string(d, "metadata.name")))
              .toList();
      assertThat(found).as("%s %s", kind, name).hasSize(1);
      return found.getFirst();
    }
  }
}
