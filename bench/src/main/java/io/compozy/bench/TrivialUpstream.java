package io.compozy.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Stands where a service would be in the gateway benchmark: a Reactor Netty server answering a
 * small JSON body, in a JVM of its own, as a service is. (In the gateway's JVM it shared the JIT's
 * profiles of Reactor Netty's server classes with the gateway, which no deployment does.)
 */
public final class TrivialUpstream {
  static final String BODY = "{\"data\":{\"workflows\":[]},\"message\":\"ok\"}";
  private static final String READY = "upstream listening on port ";

  private TrivialUpstream() {}

  /** Serves until the process ends; prints its port on one line once it listens. */
  public static void main(String[] args) {
    DisposableServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (req, res) ->
                    res.header("Content-Type", "application/json").sendString(Mono.just(BODY)))
            .bindNow();
    System.out.println(READY + server.port());
    server.onDispose().block();
  }

  /** A running upstream process: its base URL; closing it ends the process. */
  record Running(Process process, String url) implements AutoCloseable {
    @Override
    public void close() {
      process.destroy();
    }
  }

  /**
   * Starts the upstream in a child JVM with this JVM's class path (the platform's jar or a build's
   * classes).
   */
  static Running start() throws IOException {
    String classPath = System.getProperty("java.class.path");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                classPath));
    if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
      // the platform's executable jar: its classes are nested, reachable through Spring Boot's
      // launcher
      command.addAll(
          List.of(
              "-Dloader.main=" + TrivialUpstream.class.getName(),
              "org.springframework.boot.loader.launch.PropertiesLauncher"));
    } else {
      command.add(TrivialUpstream.class.getName());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(READY)) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "upstream-output");
        drain.setDaemon(true);
        drain.start();
        return new Running(process, "http://127.0.0.1:" + line.substring(READY.length()).trim());
      }
    }
    process.destroy();
    throw new IOException("the upstream process ended before it listened");
  }
}
