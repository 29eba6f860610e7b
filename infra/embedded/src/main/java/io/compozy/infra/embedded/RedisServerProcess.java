package io.compozy.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real Redis server (the binary embedded-redis ships). With a data directory it keeps its data
 * in an append-only file, so standalone mode survives a restart.
 */
public final class RedisServerProcess implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private final boolean persistent;
  private final String password;
  private RedisServer server;

  public RedisServerProcess(Path dataDir, int port, boolean persistent, String password) {
    this.dataDir = dataDir;
    this.port = Ports.freeOr(port);
    this.persistent = persistent;
    this.password = password;
  }

  public RedisServerProcess start() {
    try {
      Files.createDirectories(dataDir);
      var builder =
          RedisServer.newRedisServer()
              .port(port)
              .setting("bind 127.0.0.1")
              .setting("dir " + dataDir.toAbsolutePath())
              .setting("save \"\"")
              .setting("requirepass " + password)
              // lets a later start find and stop this server if its platform dies without stopping it
              .setting("pidfile " + dataDir.toAbsolutePath().resolve(LeftoverServers.REDIS_PID_FILE));
      if (persistent) {
        builder.setting("appendonly yes");
      }
      server = builder.build();
      server.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Redis", e);
    }
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    if (server != null) {
      try {
        server.stop();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop Redis", e);
      }
      server = null;
    }
  }
}
