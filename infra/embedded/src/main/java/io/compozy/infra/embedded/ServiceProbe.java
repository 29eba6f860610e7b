package io.compozy.infra.embedded;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/** What a service test checks on the real servers: topics, migrations, and the health endpoints. */
public final class ServiceProbe {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Infrastructure infra;

  public ServiceProbe(Infrastructure infra) {
    this.infra = infra;
  }

  /** The partition count of each named topic that exists. */
  public Map<String, Integer> topicPartitions(Set<String> names)
      throws InterruptedException, ExecutionException {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.endpoints().kafkaBootstrap()))) {
      Set<String> existing = admin.listTopics().names().get();
      Map<String, TopicDescription> described =
          admin
              .describeTopics(names.stream().filter(existing::contains).toList())
              .allTopicNames()
              .get();
      Map<String, Integer> out = new TreeMap<>();
      described.forEach((name, d) -> out.put(name, d.partitions().size()));
      return out;
    }
  }

  /** Versions Flyway applied successfully in a schema. */
  public List<String> appliedMigrations(String schema) throws SQLException {
    Endpoints e = infra.endpoints();
    try (Connection c =
            DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select version from "
                        + schema
                        + ".flyway_schema_history where success and version is not null order by"
                        + " installed_rank")) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  /** A GET of {@code path} with the given header names and values. */
  public static HttpResponse<String> get(int port, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(15))
            .GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
