package io.compozy.standalone.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Each service's executable jar from the build ({@code <module>/target/<module>-*-exec.jar}),
 * unpacked once per build into {@code <data>/cluster/app/<module>} with Spring Boot's own tool
 * ({@code -Djarmode=tools extract}): a JVM can then keep the service's classes in a class-data
 * sharing archive (classes inside a jar in a jar cannot be archived), which halves the work of
 * every later start.
 */
final class ServiceJars {
  private final Map<ClusterService, Path> launchers;

  private ServiceJars(Map<ClusterService, Path> launchers) {
    this.launchers = launchers;
  }

  /** The jar to run for {@code service}: the unpacked one, whose manifest names its libraries. */
  Path launcher(ClusterService service) {
    return launchers.get(service);
  }

  /**
   * Finds every service's jar under {@code home}, unpacking those that are new into {@code appDir}.
   */
  static ServiceJars prepare(Path home, Path appDir, Path java) {
    Map<ClusterService, Path> launchers = new EnumMap<>(ClusterService.class);
    for (ClusterService service : ClusterService.values()) {
      if (!service.isPlatformService()) {
        continue;
      }
      Path jar = find(home, service);
      launchers.put(service, unpacked(jar, appDir.resolve(service.module()), java));
    }
    return new ServiceJars(launchers);
  }

  private static Path find(Path home, ClusterService service) {
    Path target = home.resolve(service.module()).resolve("target");
    try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      return files
          .filter(
              f ->
                  f.getFileName()
                      .toString()
                      .matches(Pattern.quote(service.module()) + "-.*-exec\\.jar"))
          .max(Comparator.comparingLong(ServiceJars::modified))
          .orElseThrow(
              () ->
                  new ClusterRefusedException(
                      "no "
                          + service.module()
                          + " jar in "
                          + target
                          + ": build the services first (./mvnw -DskipTests package; bin/cluster"
                          + " does it)"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + target, e);
    }
  }

  private static Path unpacked(Path jar, Path dir, Path java) {
    Path stamp = dir.resolve(".from");
    String source = jar.toAbsolutePath() + " " + modified(jar) + " " + size(jar);
    Path launcher = dir.resolve(jar.getFileName());
    try {
      if (Files.exists(stamp) && Files.readString(stamp).equals(source) && Files.exists(launcher)) {
        return launcher;
      }
      deleteTree(dir);
      Files.createDirectories(dir);
      Process p =
          new ProcessBuilder(
                  java.toString(),
                  "-Djarmode=tools",
                  "-jar",
                  jar.toString(),
                  "extract",
                  "--destination",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolveSibling(dir.getFileName() + ".extract.log").toFile())
              .start();
      if (!p.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new ClusterRefusedException(
            "could not unpack "
                + jar
                + " (see "
                + dir.resolveSibling(dir.getFileName() + ".extract.log")
                + ")");
      }
      Files.writeString(stamp, source);
      return launcher;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + jar + " into " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while unpacking " + jar, e);
    }
  }

  private static long modified(Path f) {
    try {
      return Files.getLastModifiedTime(f).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
