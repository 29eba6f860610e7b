package io.compozy.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A platform killed without stopping its servers must not keep the next one from starting. */
class LeftoverServersTest {

  @Test
  void serversAnEarlierRunLeftRunningAreStoppedAndTheNextRunGetsTheirPortsAndData(
      @TempDir Path data) throws Exception {
    int pgPort = Ports.freeOr(0);
    int redisPort = Ports.freeOr(0);
    // an earlier platform: a process of its own that starts Postgres and Redis, writes a row, and
    // is killed (SIGKILL: no shutdown hook runs); its servers keep running on their ports
    Process earlier =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EarlierRun.class.getName(),
                data.toString(),
                Integer.toString(pgPort),
                Integer.toString(redisPort))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(earlier.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals(EarlierRun.READY)) {
        // its start-up lines
      }
      assertThat(line).as("the earlier run came up").isEqualTo(EarlierRun.READY);
    } finally {
      earlier.destroyForcibly().waitFor();
    }
    long leftPostgres =
        Long.parseLong(
            Files.readAllLines(data.resolve("postgres/postmaster.pid")).getFirst().trim());
    long leftRedis =
        Long.parseLong(
            Files.readString(data.resolve("redis").resolve(LeftoverServers.REDIS_PID_FILE)).trim());
    assertThat(ProcessHandle.of(leftPostgres).filter(ProcessHandle::isAlive))
        .as("Postgres outlived its platform")
        .isPresent();
    assertThat(ProcessHandle.of(leftRedis).filter(ProcessHandle::isAlive))
        .as("Redis outlived its platform")
        .isPresent();

    try (Infrastructure next =
        Infrastructure.start(
            new Infrastructure.Plan(data, 0, 0, pgPort, redisPort, true),
            InfraMode.EMBEDDED,
            Map.of())) {
      assertThat(ProcessHandle.of(leftPostgres).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(ProcessHandle.of(leftRedis).filter(ProcessHandle::isAlive)).isEmpty();
      Endpoints e = next.endpoints();
      assertThat(e.postgresPort()).isEqualTo(pgPort);
      try (Connection c =
              DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
          ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("from the earlier run");
      }
      assertThat(ping(e.redisHost(), redisPort, e.redisPassword())).isEqualTo("+PONG");
    } finally {
      ProcessHandle.of(leftPostgres).ifPresent(ProcessHandle::destroy);
      ProcessHandle.of(leftRedis).ifPresent(ProcessHandle::destroy);
    }
  }

  /** The earlier platform: its servers, a row, then it waits to be killed. */
  public static final class EarlierRun {
    static final String READY = "servers up";

    public static void main(String[] args) throws Exception {
      Path data = Path.of(args[0]);
      int pgPort = Integer.parseInt(args[1]);
      String pgPassword = ServerPasswords.of(data, "postgres");
      new PostgresServer(data.resolve("postgres"), pgPort, true, pgPassword).start();
      new RedisServerProcess(
              data.resolve("redis"),
              Integer.parseInt(args[2]),
              true,
              ServerPasswords.of(data, "redis"))
          .start();
      try (Connection c =
          DriverManager.getConnection(
              "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", pgPassword)) {
        c.createStatement()
            .execute("create table kept(v text); insert into kept values ('from the earlier run')");
      }
      System.out.println(READY);
      System.out.flush();
      new CountDownLatch(1).await(); // until the test kills this process
    }
  }

  @Test
  void aDataDirectoryInUseByARunningPlatformIsRefusedWithoutTouchingItsServers(@TempDir Path data)
      throws Exception {
    try (DataDirectoryLock running = DataDirectoryLock.acquire(data)) {
      assertThatThrownBy(
              () ->
                  Infrastructure.start(
                      Infrastructure.Plan.ephemeral(data), InfraMode.EMBEDDED, Map.of()))
          .isInstanceOf(DataDirectoryInUseException.class)
          .hasMessageContaining(data.toAbsolutePath().toString())
          .hasMessageContaining("in use by another running platform");
    }
    DataDirectoryLock.acquire(data).close(); // released: the next platform may take it
  }

  @Test
  void aPidFileNamingAnotherProgramOrNoProcessStopsNothing(@TempDir Path data) throws Exception {
    Files.createDirectories(data.resolve("postgres"));
    Files.createDirectories(data.resolve("redis"));
    // this JVM's own pid: alive, but not a Postgres
    Files.writeString(
        data.resolve("postgres/postmaster.pid"), ProcessHandle.current().pid() + "\n/data\n");
    Files.writeString(data.resolve("redis").resolve(LeftoverServers.REDIS_PID_FILE), "not a pid\n");
    assertThat(LeftoverServers.stopIn(data)).isEmpty();
    assertThat(LeftoverServers.stopIn(data.resolve("absent"))).isEmpty();
  }

  /** PING after AUTH with the password; the answer to the PING. */
  static String ping(String host, int port, String password) throws Exception {
    try (Socket s = new Socket(host, port)) {
      OutputStream out = s.getOutputStream();
      var in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      if (!password.isEmpty()) {
        out.write(("AUTH " + password + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in.readLine();
      }
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return in.readLine();
    }
  }
}
