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
