package io.compozy.deploy;

import static io.compozy.deploy.Tree.list;
import static io.compozy.deploy.Tree.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.compozy.infra.embedded.TestInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs under {@code -Pimages} only (deploy's POM excludes it otherwise). The images {@code
 * -Pimages} builds (each module's target/jib-image.tar): configured as the service needs (user,
 * port, entrypoint, labels), and each one started, as a container runtime would start it (its
 * layers unpacked into a root, chroot as its user, its own environment and entrypoint) against real
 * Kafka, Postgres and Redis, until its readiness probe says ready.
 */
class ServiceImagesTest {
  private static final String USER = "65532:65532";

  @ParameterizedTest
  @EnumSource(PlatformService.class)
  void isConfiguredAsTheServiceNeeds(PlatformService service, @TempDir Path work) throws Exception {
    Map<String, Object> c = image(service, work).container();
    assertThat(c.get("User")).isEqualTo(USER);
    assertThat(map(c, "ExposedPorts")).containsOnlyKeys(service.port() + "/tcp");
    List<Object> entrypoint = list(c, "Entrypoint");
    assertThat(entrypoint.getFirst()).isEqualTo("java");
    assertThat(entrypoint.getLast()).isEqualTo(service.application.getName());
    assertThat(c.get("WorkingDir")).isEqualTo("/home/compozy");
    assertThat(list(c, "Env"))
        .contains("JAVA_HOME=/opt/java")
        .anySatisfy(e -> assertThat(String.valueOf(e)).startsWith("PATH=/opt/java/bin:"));
    assertThat(map(c, "Labels"))
        .containsEntry("org.opencontainers.image.title", service.imageName())
        .containsEntry(
            "org.opencontainers.image.version",
            System.getProperty("compozy.version", "0.1.0-SNAPSHOT"))
        .containsKeys(
            "org.opencontainers.image.source",
            "org.opencontainers.image.revision",
            "org.opencontainers.image.description");
  }

  @ParameterizedTest
  @EnumSource(PlatformService.class)
  void startsItsServiceAsItsOwnUserAndBecomesReady(PlatformService service, @TempDir Path work)
      throws Exception {
    OciImage image = image(service, work);
    assertThat(isRoot())
        .as("starting an image here needs root (chroot): run -Pimages as root")
        .isTrue();
    Path root = work.resolve("root");
    image.unpack(root);
    prepareRuntime(root);
    try (ServerSocket probe = new ServerSocket(service.port())) {
      probe.setReuseAddress(true);
    } catch (IOException e) {
      fail("port " + service.port() + " is in use: the image's service listens there");
    }
    if (service == PlatformService.EXECUTION) {
      assertThat(
              runInImage(
                  root,
                  image,
                  List.of("node", "-e", "process.stdout.write(process.version)"),
                  Map.of(),
                  work.resolve("node.log")))
          .as("the execution-service image runs script tools with Node.js 20+")
          .matches("v(2\\d|[3-9]\\d)\\..*");
    }
    Map<String, String> env =
        new LinkedHashMap<>(TestInfrastructure.shared().endpoints().environment());
    env.put("COMPOZY_INTERNAL_SECRET", TestInfrastructure.INTERNAL_SECRET);
    env.put("COMPOZY_KEY_SECRET", "image-test-key-secret-image-test-key-secret");
    env.put("COMPOZY_LOG_FORMAT", "plain");
    env.put("JAVA_TOOL_OPTIONS", "-Xmx384m -XX:+UseSerialGC");
    Path log = work.resolve("service.log");
    Process process = start(root, image, entrypoint(image), env, log);
    try {
      String ready = "http://127.0.0.1:" + service.port() + "/actuator/health/readiness";
      try (HttpClient http =
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
        Awaitility.await(service.module + " from its image ready on " + ready)
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptionsInstanceOf(IOException.class)
            .until(
                () -> {
                  if (!process.isAlive()) {
                    throw new AssertionError(
                        service.module + " exited; its log ends:\n" + tail(log));
                  }
                  return http.send(
                              HttpRequest.newBuilder(URI.create(ready))
                                  .timeout(Duration.ofSeconds(3))
                                  .build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode()
                      == 200;
                });
      } catch (ConditionTimeoutException e) {
        fail(e.getMessage() + "; its log ends:\n" + tail(log));
      }
      ProcessHandle java =
          process
              .descendants()
              .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no java process under the image's start"));
      assertThat(uid(java.pid()))
          .as("the service runs as the image's user")
          .isEqualTo(USER.substring(0, USER.indexOf(':')));
    } finally {
      stop(process);
    }
  }

  /**
   * Kills the started program and everything under it: the service is the first process of its own
   * pid namespace, so its end ends the namespace (the kernel drops the parent-death signal that
   * unshare --kill-child sets when chroot changes the user, so killing unshare is not enough).
   */
  private static void stop(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  private static OciImage image(PlatformService service, Path work) throws Exception {
    Path tar = service.imageTar();
    assertThat(tar).as("the image (./mvnw -Pimages package builds it)").exists();
    return OciImage.read(tar, work);
  }

  private static List<String> entrypoint(OciImage image) {
    List<String> command = new ArrayList<>();
    list(image.container(), "Entrypoint").forEach(a -> command.add(String.valueOf(a)));
    Object cmd = image.container().get("Cmd");
    if (cmd instanceof List<?> args) {
      args.forEach(a -> command.add(String.valueOf(a)));
    }
    return command;
  }

  /**
   * What a container runtime provides that an image does not carry: /proc, a few devices,
   * /etc/hosts.
   */
  private static void prepareRuntime(Path root) throws Exception {
    for (String dir : List.of("proc", "dev", "sys")) {
      Files.createDirectories(root.resolve(dir));
    }
    for (String[] dev :
        List.of(
            new String[] {"null", "1", "3"},
            new String[] {"zero", "1", "5"},
            new String[] {"random", "1", "8"},
            new String[] {"urandom", "1", "9"})) {
      OciImage.run(
          List.of(
              "mknod",
              "-m",
              "666",
              root.resolve("dev").resolve(dev[0]).toString(),
              "c",
              dev[1],
              dev[2]));
    }
    Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost\n::1 localhost\n");
  }

  private static String runInImage(
      Path root, OciImage image, List<String> command, Map<String, String> env, Path log)
      throws Exception {
    Process p = start(root, image, command, env, log);
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
      return Files.readString(log).strip();
    } finally {
      stop(p);
    }
  }

  /**
   * Starts {@code command} in the unpacked image: new mount and pid namespaces with /proc, chroot
   * into the root as the image's user, only the image's environment plus {@code env}.
   */
  private static Process start(
      Path root, OciImage image, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    List<String> line =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "sh",
                "-c",
                "mount -t proc proc \"$0/proc\" && exec chroot --userspec="
                    + USER
                    + " \"$0\" \"$@\"",
                root.toString()));
    line.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear();
    for (Object e : list(image.container(), "Env")) {
      String pair = String.valueOf(e);
      builder
          .environment()
          .put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    // the host's tools (unshare, mount, chroot) run before the root changes
    builder
        .environment()
        .put("PATH", builder.environment().get("PATH") + ":/usr/sbin:/usr/bin:/sbin:/bin");
    builder.environment().putAll(env);
    return builder.start();
  }

  private static boolean isRoot() throws IOException {
    return "0".equals(uid(ProcessHandle.current().pid()));
  }

  private static String uid(long pid) throws IOException {
    Optional<String> line =
        Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
            .filter(l -> l.startsWith("Uid:"))
            .findFirst();
    return line.orElseThrow().split("\\s+")[1];
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
