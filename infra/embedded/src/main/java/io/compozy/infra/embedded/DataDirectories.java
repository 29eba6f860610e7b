package io.compozy.infra.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes the data of a throwaway run once its servers have stopped. */
public final class DataDirectories {
  private static final Logger log = LoggerFactory.getLogger(DataDirectories.class);

  private DataDirectories() {}

  /** Deletes {@code dir} and everything in it; what cannot be deleted is logged and left. */
  public static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  log.warn("cannot delete {}: {}", p, e.toString());
                }
              });
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", dir, e.toString());
    }
  }
}
