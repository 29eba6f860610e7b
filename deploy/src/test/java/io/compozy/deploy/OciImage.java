package io.compozy.deploy;

import static io.compozy.deploy.Tree.list;
import static io.compozy.deploy.Tree.map;
import static io.compozy.deploy.Tree.string;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * An image tar as Jib writes it (OCI layout): its configuration, and its layers unpacked into a
 * root.
 */
record OciImage(Map<String, Object> config, List<Path> layers) {
  static OciImage read(Path tar, Path workDir) throws IOException, InterruptedException {
    Path layout = Files.createDirectories(workDir.resolve("layout"));
    run(List.of("tar", "-xf", tar.toString(), "-C", layout.toString()));
    Object index = new Yaml().load(Files.readString(layout.resolve("index.json")));
    Object manifest =
        new Yaml().load(Files.readString(blob(layout, string(index, "manifests.0.digest"))));
    Map<String, Object> config =
        new Yaml().load(Files.readString(blob(layout, string(manifest, "config.digest"))));
    List<Path> layers = new ArrayList<>();
    for (Object layer : list(manifest, "layers")) {
      layers.add(blob(layout, string(layer, "digest")));
    }
    return new OciImage(config, layers);
  }

  Map<String, Object> container() {
    return map(config, "config");
  }

  /** Unpacks every layer in order into {@code root}, as a container runtime would. */
  void unpack(Path root) throws IOException, InterruptedException {
    Files.createDirectories(root);
    for (Path layer : layers) {
      run(List.of("tar", "-xf", layer.toString(), "-C", root.toString()));
    }
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs").resolve(digest.replace(':', '/'));
  }

  static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}
