package io.compozy.deploy;

import io.compozy.execution.ExecutionServiceApplication;
import io.compozy.gateway.GatewayApplication;
import io.compozy.registry.RegistryServiceApplication;
import io.compozy.scheduler.SchedulerServiceApplication;
import io.compozy.workflow.WorkflowServiceApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's services as the build knows them: Maven module, application class, own settings
 * file.
 */
enum PlatformService {
  GATEWAY("gateway", GatewayApplication.class),
  REGISTRY("registry-service", RegistryServiceApplication.class),
  EXECUTION("execution-service", ExecutionServiceApplication.class),
  WORKFLOW("workflow-service", WorkflowServiceApplication.class),
  SCHEDULER("scheduler-service", SchedulerServiceApplication.class);

  static final Path HOME =
      Path.of(System.getProperty("compozy.home", "..")).toAbsolutePath().normalize();
  private static final Pattern PORT =
      Pattern.compile("(?m)^server:\\s*\\n\\s+port:\\s*\\$\\{(COMPOZY_[A-Z_]+_PORT):(\\d+)}");

  final String module;
  final Class<?> application;

  PlatformService(String module, Class<?> application) {
    this.module = module;
    this.application = application;
  }

  static PlatformService ofModule(String module) {
    for (PlatformService s : values()) {
      if (s.module.equals(module)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no service module " + module);
  }

  /**
   * The port the service listens on unless told otherwise: server.port's default in its own
   * settings.
   */
  int port() {
    Matcher m = PORT.matcher(settings());
    if (!m.find()) {
      throw new IllegalStateException(
          module + ".yml has no server.port with a COMPOZY_*_PORT default");
    }
    return Integer.parseInt(m.group(2));
  }

  String imageName() {
    return "compozy-" + module;
  }

  Path imageTar() {
    return HOME.resolve(module).resolve("target/jib-image.tar");
  }

  private String settings() {
    try {
      return Files.readString(
          HOME.resolve(module).resolve("src/main/resources/" + module + ".yml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
