package io.compozy.standalone.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running cluster tells the {@code status}, {@code kill} and {@code start} commands, in
 * {@code <data>/cluster/state.properties}: the supervisor's pid and control port, and each
 * instance's pid, port and log. Written whole (to a temporary file, then moved) on every change.
 */
public record ClusterState(long supervisorPid, int controlPort, List<Instance> instances) {
  public static final String FILE = "state.properties";

  /** One instance as last started; {@code pid} 0 before its first start. */
  public record Instance(InstanceName name, long pid, int port, Path log) {}

  public Optional<Instance> instance(InstanceName name) {
    return instances.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  public void write(Path dir) {
    Properties p = new Properties();
    p.setProperty("supervisor.pid", Long.toString(supervisorPid));
    p.setProperty("control.port", Integer.toString(controlPort));
    List<String> names = new ArrayList<>();
    for (Instance i : instances) {
      names.add(i.name().toString());
      String key = "instance." + i.name().id() + ".";
      p.setProperty(key + "pid", Long.toString(i.pid()));
      p.setProperty(key + "port", Integer.toString(i.port()));
      p.setProperty(key + "log", i.log().toString());
    }
    p.setProperty("instances", String.join(",", names));
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(FILE + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        p.store(
            out,
            "compozy cluster: written by the running bin/cluster, read by status, kill and start");
      }
      Files.move(
          tmp,
          dir.resolve(FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
    }
  }

  /** The state in {@code dir}, if a cluster ever ran there. */
  public static Optional<ClusterState> read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<Instance> instances = new ArrayList<>();
    String names = p.getProperty("instances", "");
    for (String text : names.isEmpty() ? new String[0] : names.split(",")) {
      InstanceName name = InstanceName.parse(text);
      String key = "instance." + name.id() + ".";
      instances.add(
          new Instance(
              name,
              Long.parseLong(p.getProperty(key + "pid", "0")),
              Integer.parseInt(p.getProperty(key + "port", "0")),
              Path.of(p.getProperty(key + "log", ""))));
    }
    return Optional.of(
        new ClusterState(
            Long.parseLong(p.getProperty("supervisor.pid", "0")),
            Integer.parseInt(p.getProperty("control.port", "0")),
            List.copyOf(instances)));
  }

  /** Whether the supervisor that wrote this state still runs. */
  public boolean supervisorAlive() {
    return ProcessHandle.of(supervisorPid).map(ProcessHandle::isAlive).orElse(false);
  }

  public ClusterState with(Instance changed) {
    List<Instance> next = new ArrayList<>(instances);
    next.replaceAll(i -> i.name().equals(changed.name()) ? changed : i);
    return new ClusterState(supervisorPid, controlPort, List.copyOf(next));
  }
}
