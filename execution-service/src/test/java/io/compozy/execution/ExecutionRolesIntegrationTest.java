package io.compozy.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.infra.embedded.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/** An instance with one role runs only that role's part: the API's paths, or the step workers. */
class ExecutionRolesIntegrationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static ConfigurableApplicationContext start(String roles) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--compozy.execution.roles=" + roles,
                "--compozy.internal.secret=" + TestInfrastructure.INTERNAL_SECRET));
    TestInfrastructure.shared()
        .endpoints()
        .springProperties()
        .forEach((k, v) -> args.add("--" + k + "=" + v));
    return new SpringApplication(ExecutionServiceApplication.class)
        .run(args.toArray(String[]::new));
  }

  private static HttpResponse<String> get(ConfigurableApplicationContext ctx, String path)
      throws Exception {
    int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", TestInfrastructure.bearer("usr_roles"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean running(ConfigurableApplicationContext ctx, String listener) {
    return ctx.getBean(KafkaListenerEndpointRegistry.class)
        .getListenerContainer(listener)
        .isRunning();
  }

  @Test
  void aWorkersInstanceServesNoApiAndRunsTheWorkers() throws Exception {
    try (ConfigurableApplicationContext workers = start("workers")) {
      HttpResponse<String> api = get(workers, "/api/v0/executions/workflows");
      assertThat(api.statusCode()).isEqualTo(404);
      assertThat(api.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(api.body()).contains("\"code\":\"not_served_here\"").contains("workers only");
      assertThat(get(workers, "/actuator/health/liveness").statusCode()).isEqualTo(200);
      assertThat(running(workers, "tool-worker")).isTrue();
      assertThat(running(workers, "agent-worker")).isTrue();
      assertThat(running(workers, "memory-worker")).isTrue();
      assertThat(running(workers, "execution-feed")).isFalse();
    }
  }

  @Test
  void anApiInstanceServesTheApiAndRunsNoWorkers() throws Exception {
    try (ConfigurableApplicationContext api = start("api")) {
      assertThat(get(api, "/api/v0/executions/workflows").statusCode()).isEqualTo(200);
      assertThat(running(api, "tool-worker")).isFalse();
      assertThat(running(api, "agent-worker")).isFalse();
      assertThat(running(api, "memory-worker")).isFalse();
      assertThat(running(api, "execution-feed")).isTrue();
    }
  }
}
