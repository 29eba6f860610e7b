package io.compozy.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * What the services read and consume, found in their code: the truth the manifests are checked
 * against.
 */
final class WhatServicesUse {
  private static final Pattern VARIABLE = Pattern.compile("COMPOZY_[A-Z0-9_]*[A-Z0-9]");

  private WhatServicesUse() {}

  /**
   * Every COMPOZY_* variable named in the main code or settings of a service or of the shared
   * support.
   */
  static Set<String> environmentVariables() {
    Set<String> names = new TreeSet<>();
    Stream<Path> roots =
        Stream.concat(
            Arrays.stream(PlatformService.values())
                .map(s -> PlatformService.HOME.resolve(s.module)),
            Stream.of(PlatformService.HOME.resolve("infra/service-support")));
    roots
        .map(r -> r.resolve("src/main"))
        .forEach(
            root -> {
              try (Stream<Path> files = Files.walk(root)) {
                files
                    .filter(Files::isRegularFile)
                    .filter(f -> f.toString().matches(".*\\.(java|yml|properties)$"))
                    .forEach(
                        f -> {
                          try {
                            Matcher m = VARIABLE.matcher(Files.readString(f));
                            while (m.find()) {
                              names.add(m.group());
                            }
                          } catch (IOException e) {
                            throw new UncheckedIOException(e);
                          }
                        });
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return names;
  }

  /**
   * A Kafka listener of a service: its consumer group, topics and the SpEL that starts it (role).
   */
  record Listener(String group, Set<String> topics, String autoStartup) {}

  /** Consumer group to listener, for the listeners declared in {@code service}'s classes. */
  static Map<String, Listener> listeners(PlatformService service) {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter((reader, factory) -> true);
    Map<String, Listener> found = new TreeMap<>();
    for (BeanDefinition candidate :
        scanner.findCandidateComponents(service.application.getPackageName())) {
      Class<?> type;
      try {
        type =
            Class.forName(
                candidate.getBeanClassName(), false, WhatServicesUse.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      for (Method method : type.getDeclaredMethods()) {
        KafkaListener listener = method.getAnnotation(KafkaListener.class);
        if (listener != null) {
          found.put(
              listener.groupId(),
              new Listener(
                  listener.groupId(),
                  new HashSet<>(Arrays.asList(listener.topics())),
                  listener.autoStartup()));
        }
      }
    }
    return found;
  }
}
