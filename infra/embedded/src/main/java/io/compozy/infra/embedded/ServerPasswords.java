package io.compozy.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The passwords of the embedded Postgres and Redis: random at the first start, kept in the data
 * directory (readable by its owner only) so a restart opens the same servers.
 */
final class ServerPasswords {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ServerPasswords() {}

  /**
   * The password of {@code server} ({@code postgres}, {@code redis}) in {@code dataDir}, made if
   * missing.
   */
  static String of(Path dataDir, String server) {
    Path file = dataDir.resolve(server + ".password");
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        Path temp = Files.createTempFile(dataDir, server, ".tmp");
        restrict(temp);
        Files.writeString(temp, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      }
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the file keeps the directory's permissions
    }
  }
}
