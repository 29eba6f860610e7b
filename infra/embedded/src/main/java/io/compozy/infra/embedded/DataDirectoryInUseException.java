package io.compozy.infra.embedded;

import java.nio.file.Path;

/** Another running platform holds the data directory a start was given. */
public final class DataDirectoryInUseException extends IllegalStateException {
  public DataDirectoryInUseException(Path dataDir) {
    super(
        "the data directory "
            + dataDir.toAbsolutePath()
            + " is in use by another running platform: stop it first, or give this one another data"
            + " directory");
  }
}
