package io.compozy.execution.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The file built-ins, rooted at one folder: every path is resolved against the root and must stay
 * inside it after {@code ..} and symbolic links are resolved (the nearest existing ancestor of a
 * new file is checked), so no input reaches a file outside.
 */
final class FileTools {
  private final Path root;
  private final int maxBytes;

  FileTools(Path root, int maxBytes) {
    try {
      Files.createDirectories(root);
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException(
          "tools root " + root + " cannot be used: " + e.getMessage(), e);
    }
    this.maxBytes = maxBytes;
  }

  /**
   * Compozy's cp__read_file: the text of a file and its metadata; binary files and files past the
   * size limit are refused.
   */
  Map<String, Object> read(String path) throws IOException {
    Path file = inside(path);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolFailure("file_not_found", "no file '" + path + "' under the tools root", false);
    }
    refuseLink(file, path);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolFailure("invalid_tool_input", "'" + path + "' is not a file", false);
    }
    long size = Files.size(file);
    if (size > maxBytes) {
      throw new ToolFailure(
          "invalid_tool_input",
          "file exceeds maximum size: '"
              + path
              + "' has "
              + size
              + " bytes, the limit is "
              + maxBytes,
          false);
    }
    byte[] bytes = Files.readAllBytes(file);
    if (TextSniff.isBinary(bytes)) {
      throw new ToolFailure(
          "invalid_tool_input", "binary files are not supported: '" + path + "'", false);
    }
    return Map.of(
        "content", new String(bytes, StandardCharsets.UTF_8), "metadata", metadata(file, path));
  }

  /**
   * Compozy's cp__write_file: writes (or with {@code append}, appends) text, creating folders;
   * {@code mode} sets POSIX permissions.
   */
  Map<String, Object> write(String path, String content, boolean append, @Nullable Integer mode)
      throws IOException {
    Path file = inside(path);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes) {
      throw new ToolFailure(
          "invalid_tool_input",
          "content exceeds maximum size: " + bytes.length + " bytes, the limit is " + maxBytes,
          false);
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      refuseLink(file, path);
      if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new ToolFailure("invalid_tool_input", "'" + path + "' is a directory", false);
      }
    }
    if (mode != null && (mode < 0 || mode > 0777)) {
      throw new ToolFailure(
          "invalid_tool_input", "mode must be a POSIX permission between 0 and 511 (0777)", false);
    }
    Files.createDirectories(file.getParent());
    if (append) {
      Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } else {
      Files.write(file, bytes);
    }
    if (mode != null) {
      Files.setPosixFilePermissions(file, permissions(mode));
    }
    return Map.of("success", true, "metadata", metadata(file, path));
  }

  /**
   * What {@code cp__list_dir} is asked: the folder, a glob on paths below it, depth, kinds, and the
   * page.
   */
  record ListRequest(
      String path,
      @Nullable String pattern,
      boolean recursive,
      boolean files,
      boolean dirs,
      int pageSize,
      int offset) {}

  static final int DEFAULT_PAGE_SIZE = 200;

  /**
   * The most entries any listing or search visits; past it the call is refused rather than cut
   * silently.
   */
  static final int MAX_VISITED = 10_000;

  /**
   * Compozy's cp__list_dir: entries {@code {name, path, type, size, modified}} breadth-first in
   * name order, symbolic links skipped, a page at a time ({@code next_page_token} when more
   * follow).
   */
  Map<String, Object> list(ListRequest q) throws IOException {
    Path dir = inside(q.path());
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolFailure(
          "file_not_found", "no folder '" + q.path() + "' under the tools root", false);
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolFailure(
          "invalid_tool_input", "path is not a directory: '" + q.path() + "'", false);
    }
    if (!q.files() && !q.dirs()) {
      throw new ToolFailure(
          "invalid_tool_input",
          "at least one of include_files or include_dirs must be true",
          false);
    }
    PathMatcher glob =
        q.pattern() == null || q.pattern().isBlank() ? null : glob(q.pattern(), "pattern");
    List<Map<String, Object>> entries = new ArrayList<>();
    int matched = 0;
    int visited = 0;
    ArrayDeque<Path> queue = new ArrayDeque<>(List.of(dir));
    while (!queue.isEmpty()) {
      List<Path> children;
      try (Stream<Path> s = Files.list(queue.removeFirst())) {
        children = s.sorted().toList();
      }
      for (Path c : children) {
        if (Files.isSymbolicLink(c)) {
          continue;
        }
        boolean isDir = Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS);
        if (isDir && q.recursive()) {
          queue.addLast(c);
        }
        if (++visited > MAX_VISITED) {
          throw new ToolFailure(
              "limit_exceeded",
              "traversal limit exceeded: more than "
                  + MAX_VISITED
                  + " entries under '"
                  + q.path()
                  + "'",
              false);
        }
        if (isDir ? !q.dirs() : !q.files()) {
          continue;
        }
        if (glob != null && !glob.matches(dir.relativize(c))) {
          continue;
        }
        if (++matched <= q.offset()) {
          continue;
        }
        if (entries.size() == q.pageSize()) {
          return Map.of(
              "entries", entries, "next_page_token", Integer.toString(q.offset() + entries.size()));
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", c.getFileName().toString());
        e.put("path", shown(c));
        e.put("type", isDir ? "dir" : "file");
        e.put("size", isDir ? 0L : Files.size(c));
        e.put(
            "modified",
            Files.getLastModifiedTime(c, LinkOption.NOFOLLOW_LINKS).toInstant().toString());
        entries.add(e);
      }
    }
    return Map.of("entries", entries);
  }

  /** What {@code cp__grep} is asked. */
  record GrepRequest(
      String pattern,
      String path,
      boolean recursive,
      boolean ignoreCase,
      int maxResults,
      int maxFileBytes) {}

  static final int DEFAULT_GREP_RESULTS = 1_000;

  /**
   * Compozy's cp__grep: every match {@code {file, line, column, text}} (text trimmed, column from
   * 1) in a file, or the files of a folder (its tree with {@code recursive}); binary files, links
   * and files past {@code max_file_bytes} are skipped.
   */
  Map<String, Object> grep(GrepRequest q) throws IOException {
    Pattern regex;
    try {
      regex =
          Pattern.compile(
              q.pattern(), q.ignoreCase() ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    } catch (PatternSyntaxException e) {
      throw new ToolFailure(
          "invalid_tool_input",
          "pattern is not a valid regular expression: " + e.getDescription(),
          false);
    }
    Path start = inside(q.path());
    if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolFailure(
          "file_not_found", "no file or folder '" + q.path() + "' under the tools root", false);
    }
    refuseLink(start, q.path());
    List<Map<String, Object>> matches = new ArrayList<>();
    ArrayDeque<Path> queue = new ArrayDeque<>(List.of(start));
    int visited = 0;
    while (!queue.isEmpty() && matches.size() < q.maxResults()) {
      Path p = queue.removeFirst();
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        if (p.equals(start) || q.recursive()) {
          try (Stream<Path> s = Files.list(p)) {
            s.sorted().filter(c -> !Files.isSymbolicLink(c)).forEach(queue::addLast);
          }
        }
        continue;
      }
      if (++visited > MAX_VISITED) {
        throw new ToolFailure(
            "limit_exceeded",
            "traversal limit exceeded: more than "
                + MAX_VISITED
                + " files under '"
                + q.path()
                + "'",
            false);
      }
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > q.maxFileBytes()) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(p);
      if (TextSniff.isBinary(bytes)) {
        continue;
      }
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\r?\\n", -1);
      for (int i = 0; i < lines.length && matches.size() < q.maxResults(); i++) {
        Matcher m = regex.matcher(lines[i]);
        while (m.find() && matches.size() < q.maxResults()) {
          matches.add(
              Map.of(
                  "file",
                  shown(p),
                  "line",
                  i + 1,
                  "column",
                  m.start() + 1,
                  "text",
                  lines[i].strip()));
          if (m.end() == m.start() && m.end() >= lines[i].length()) {
            break;
          }
        }
      }
    }
    return Map.of("matches", matches);
  }

  /** A path as Compozy shows it: from the tools root, with a leading slash. */
  private String shown(Path p) {
    String rel = root.relativize(p).toString().replace('\\', '/');
    return "/" + rel;
  }

  private static Map<String, Object> metadata(Path file, String path) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("size", Files.size(file));
    m.put("mode", mode(file));
    m.put(
        "modified",
        Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().toString());
    return m;
  }

  private static int mode(Path file) throws IOException {
    try {
      int bits = 0;
      for (var p : Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)) {
        bits |=
            1 << (8 - p.ordinal()); // OWNER_READ is ordinal 0 = 0400, ..., OTHERS_EXECUTE is 8 =
        // 0001
      }
      return bits;
    } catch (UnsupportedOperationException notPosix) {
      return 0;
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    var all = PosixFilePermission.values();
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < all.length; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        set.add(all[i]);
      }
    }
    return set;
  }

  private static void refuseLink(Path p, String path) {
    if (Files.isSymbolicLink(p)) {
      throw new ToolFailure("permission_denied", "'" + path + "' is a symbolic link", false);
    }
  }

  private static PathMatcher glob(String pattern, String field) {
    try {
      return Doublestar.compile(pattern);
    } catch (RuntimeException e) {
      throw new ToolFailure(
          "invalid_tool_input", field + " is not a valid glob: " + e.getMessage(), false);
    }
  }

  /** The most file names cp__list_files gives; more is an error, not a silent cut. */
  static final int MAX_LIST_ENTRIES = 10_000;

  /**
   * Compozy's cp__list_files: the sorted paths (relative to {@code dir}) of the files in it, or in
   * its whole tree when {@code recursive}, without those matching {@code exclude} (a glob or a
   * list; {@code !glob} keeps what an earlier one excluded). Symbolic links to folders are not
   * followed.
   */
  Map<String, Object> listFiles(String dir, @Nullable Object exclude, boolean recursive)
      throws IOException {
    if (dir == null || dir.isBlank()) {
      throw new ToolFailure("invalid_tool_input", "dir must be provided", false);
    }
    Path base = inside(dir);
    if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolFailure(
          "file_not_found", "no folder '" + dir + "' under the tools root", false);
    }
    if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolFailure("invalid_tool_input", "'" + dir + "' is not a directory", false);
    }
    List<String> patterns = new ArrayList<>();
    switch (exclude) {
      case null -> {}
      case String s when !s.isBlank() -> patterns.add(s.strip());
      case String s -> {}
      case List<?> l -> {
        for (Object p : l) {
          if (!(p instanceof String s)) {
            throw new ToolFailure(
                "invalid_tool_input", "exclude array must contain only strings", false);
          }
          if (!s.isBlank()) {
            patterns.add(s.strip());
          }
        }
      }
      default ->
          throw new ToolFailure(
              "invalid_tool_input", "exclude must be a string or array of strings", false);
    }
    List<Exclusion> compiled = exclusions(patterns);
    List<String> found = new ArrayList<>();
    ArrayDeque<Path> queue = new ArrayDeque<>(List.of(base));
    while (!queue.isEmpty()) {
      Path current = queue.removeFirst();
      List<Path> children;
      try (Stream<Path> s = Files.list(current)) {
        children = s.sorted().toList();
      }
      for (Path child : children) {
        if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          if (recursive) {
            queue.addLast(child);
          }
          continue;
        }
        String relative = base.relativize(child).toString().replace('\\', '/');
        if (excluded(relative, compiled) || excluded(child.getFileName().toString(), compiled)) {
          continue;
        }
        if (found.size() >= MAX_LIST_ENTRIES) {
          throw new ToolFailure(
              "limit_exceeded",
              "more than "
                  + MAX_LIST_ENTRIES
                  + " files under '"
                  + dir
                  + "': narrow it with exclude",
              false);
        }
        found.add(relative);
      }
    }
    Collections.sort(found);
    return Map.of("files", found);
  }

  /**
   * One pattern of {@code exclude}: a glob, or with {@code !} a glob that keeps what an earlier one
   * excluded.
   */
  private record Exclusion(boolean negated, PathMatcher matcher) {}

  private static List<Exclusion> exclusions(List<String> patterns) {
    List<Exclusion> out = new ArrayList<>();
    for (String raw : patterns) {
      boolean negated = raw.startsWith("!");
      try {
        out.add(
            new Exclusion(negated, Doublestar.compile(negated ? raw.substring(1).strip() : raw)));
      } catch (RuntimeException badPattern) {
        // Compozy skips a pattern it cannot match with
      }
    }
    return out;
  }

  /** Compozy's exclusion rule: a match excludes, a later matching {@code !pattern} keeps. */
  private static boolean excluded(String name, List<Exclusion> patterns) {
    boolean excluded = false;
    boolean hasPositive = false;
    Path path = Path.of(name);
    for (Exclusion e : patterns) {
      hasPositive |= !e.negated();
      boolean matched = e.matcher().matches(path);
      if (e.negated()) {
        if (matched) {
          excluded = false;
        } else if (!hasPositive) {
          excluded = true;
        }
      } else if (matched) {
        excluded = true;
      }
    }
    return excluded;
  }

  /**
   * Compozy's cp__delete_file: {@code success} false when nothing is there; a folder only when
   * {@code recursive}.
   */
  Map<String, Object> delete(String path, boolean recursive) throws IOException {
    Path target = inside(path);
    if (target.equals(root)) {
      throw new ToolFailure("invalid_tool_input", "the tools root itself cannot be deleted", false);
    }
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return Map.of("success", false);
    }
    if (Files.isSymbolicLink(target)) {
      throw new ToolFailure("invalid_tool_input", "'" + path + "' is a symbolic link", false);
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      if (!recursive) {
        throw new ToolFailure(
            "invalid_tool_input", "recursive flag required for directory deletion", false);
      }
      try (Stream<Path> tree = Files.walk(target)) {
        for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      return Map.of("success", true);
    }
    Files.delete(target);
    return Map.of("success", true);
  }

  /** The path under the root, or a refusal when it would leave the root. */
  Path inside(String path) throws IOException {
    if (path == null || path.isBlank() || path.indexOf('\0') >= 0) {
      throw new ToolFailure("invalid_tool_input", "path must be a non-empty relative path", false);
    }
    Path target = root.resolve(path).normalize();
    if (!target.startsWith(root)) {
      throw escape(path);
    }
    Path existing = target;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    try {
      if (existing == null || !existing.toRealPath().startsWith(root)) {
        throw escape(path);
      }
    } catch (NoSuchFileException e) {
      throw escape(path); // a dangling link
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !target.toRealPath().startsWith(root)) {
      throw escape(path);
    }
    return target;
  }

  private static ToolFailure escape(String path) {
    return new ToolFailure("path_outside_root", "'" + path + "' is outside the tools root", false);
  }
}
