package io.compozy.execution.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

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
      throw new IllegalStateException("tools root " + root + " cannot be used: " + e.getMessage(), e);
    }
    this.maxBytes = maxBytes;
  }

  Map<String, Object> read(String path) throws IOException {
    Path file = inside(path);
    if (!Files.isRegularFile(file)) {
      throw new ToolFailure("file_not_found", "no file '" + path + "' under the tools root", false);
    }
    byte[] bytes = Files.readAllBytes(file);
    boolean truncated = bytes.length > maxBytes;
    String content = new String(bytes, 0, Math.min(bytes.length, maxBytes), StandardCharsets.UTF_8);
    return Map.of("path", path, "content", content, "size", bytes.length, "truncated", truncated);
  }

  Map<String, Object> write(String path, String content) throws IOException {
    Path file = inside(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return Map.of("path", path, "bytes", content.getBytes(StandardCharsets.UTF_8).length);
  }

  Map<String, Object> list(String path) throws IOException {
    Path dir = inside(path == null || path.isBlank() ? "." : path);
    if (!Files.isDirectory(dir)) {
      throw new ToolFailure("file_not_found", "no folder '" + path + "' under the tools root", false);
    }
    List<Map<String, Object>> entries = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      children.sorted().forEach(c -> {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", c.getFileName().toString());
        e.put("type", Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS) ? "dir" : Files.isSymbolicLink(c) ? "link" : "file");
        try {
          e.put("size", Files.isRegularFile(c, LinkOption.NOFOLLOW_LINKS) ? Files.size(c) : 0);
        } catch (IOException ignored) {
          e.put("size", 0);
        }
        entries.add(e);
      });
    }
    return Map.of("path", path == null ? "." : path, "entries", entries);
  }

  Map<String, Object> grep(String pattern, String path, int maxResults) throws IOException {
    Pattern regex;
    try {
      regex = Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new ToolFailure("invalid_tool_input", "pattern is not a valid regular expression: " + e.getDescription(), false);
    }
    Path dir = inside(path == null || path.isBlank() ? "." : path);
    List<Map<String, Object>> matches = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted()::iterator) {
        List<String> lines;
        try {
          lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException notText) {
          continue;
        }
        for (int i = 0; i < lines.size() && matches.size() < maxResults; i++) {
          if (regex.matcher(lines.get(i)).find()) {
            matches.add(Map.of("file", root.relativize(f).toString(), "line", i + 1, "text", lines.get(i)));
          }
        }
        if (matches.size() >= maxResults) {
          break;
        }
      }
    }
    return Map.of("matches", matches, "truncated", matches.size() >= maxResults);
  }

  /** The most file names cp__list_files gives; more is an error, not a silent cut. */
  static final int MAX_LIST_ENTRIES = 10_000;

  /**
   * Compozy's cp__list_files: the sorted paths (relative to {@code dir}) of the files in it, or in
   * its whole tree when {@code recursive}, without those matching {@code exclude} (a glob or a list;
   * {@code !glob} keeps what an earlier one excluded). Symbolic links to folders are not followed.
   */
  Map<String, Object> listFiles(String dir, @org.jspecify.annotations.Nullable Object exclude, boolean recursive) throws IOException {
    if (dir == null || dir.isBlank()) {
      throw new ToolFailure("invalid_tool_input", "dir must be provided", false);
    }
    Path base = inside(dir);
    if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolFailure("file_not_found", "no folder '" + dir + "' under the tools root", false);
    }
    if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolFailure("invalid_tool_input", "'" + dir + "' is not a directory", false);
    }
    List<String> patterns = new ArrayList<>();
    switch (exclude) {
      case null -> { }
      case String s when !s.isBlank() -> patterns.add(s.strip());
      case String s -> { }
      case List<?> l -> {
        for (Object p : l) {
          if (!(p instanceof String s)) {
            throw new ToolFailure("invalid_tool_input", "exclude array must contain only strings", false);
          }
          if (!s.isBlank()) {
            patterns.add(s.strip());
          }
        }
      }
      default -> throw new ToolFailure("invalid_tool_input", "exclude must be a string or array of strings", false);
    }
    List<String> found = new ArrayList<>();
    java.util.ArrayDeque<Path> queue = new java.util.ArrayDeque<>(List.of(base));
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
        if (excluded(relative, patterns) || excluded(child.getFileName().toString(), patterns)) {
          continue;
        }
        if (found.size() >= MAX_LIST_ENTRIES) {
          throw new ToolFailure("limit_exceeded", "more than " + MAX_LIST_ENTRIES + " files under '" + dir + "': narrow it with exclude", false);
        }
        found.add(relative);
      }
    }
    java.util.Collections.sort(found);
    return Map.of("files", found);
  }

  /** Compozy's exclusion rule: a match excludes, a later matching {@code !pattern} keeps. */
  private static boolean excluded(String name, List<String> patterns) {
    boolean excluded = false;
    boolean hasPositive = false;
    for (String raw : patterns) {
      boolean negated = raw.startsWith("!");
      String pattern = negated ? raw.substring(1).strip() : raw;
      if (!negated) {
        hasPositive = true;
      }
      boolean matched;
      try {
        matched = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(name));
      } catch (RuntimeException badPattern) {
        continue;
      }
      if (negated) {
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

  /** Compozy's cp__delete_file: {@code success} false when nothing is there; a folder only when {@code recursive}. */
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
        throw new ToolFailure("invalid_tool_input", "recursive flag required for directory deletion", false);
      }
      try (Stream<Path> tree = Files.walk(target)) {
        for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
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
