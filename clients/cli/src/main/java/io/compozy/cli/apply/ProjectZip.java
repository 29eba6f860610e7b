package io.compozy.cli.apply;

import io.compozy.cli.CliException;
import io.compozy.cli.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A project directory as the zip {@code POST /admin/import} reads: its files under their relative
 * paths, without what is never part of a project (version control, dependencies, build output, the
 * platform's own data). Bounded like the server's reader: so many files, so many bytes.
 */
final class ProjectZip {
  static final Set<String> SKIPPED =
      Set.of(".git", ".hg", ".svn", "node_modules", "target", ".compozy", ".idea", ".vscode");
  static final int MAX_FILES = 5_000;
  static final long MAX_BYTES = 32L * 1024 * 1024;

  private ProjectZip() {}

  static byte[] of(Path dir) {
    if (!Files.isRegularFile(dir.resolve("compozy.yaml"))) {
      throw new CliException(ExitCode.USAGE, dir + " is not a project: it has no compozy.yaml");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      long[] seen = {0, 0};
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              return !d.equals(dir) && SKIPPED.contains(d.getFileName().toString())
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
              if (!attrs.isRegularFile()) {
                return FileVisitResult.CONTINUE;
              }
              if (++seen[0] > MAX_FILES || (seen[1] += attrs.size()) > MAX_BYTES) {
                throw new CliException(
                    ExitCode.USAGE,
                    dir
                        + " holds more than "
                        + MAX_FILES
                        + " files or 32 MiB: is it a project directory?");
              }
              zip.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
              Files.copy(f, zip);
              zip.closeEntry();
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, "cannot read " + dir + ": " + e.getMessage());
    }
    return bytes.toByteArray();
  }
}
