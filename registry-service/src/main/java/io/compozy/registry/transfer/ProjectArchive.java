package io.compozy.registry.transfer;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.ProjectLoader;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.json.Json;
import io.compozy.support.problem.ApiProblem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A whole project as a zip of YAML files the project parser reads back: {@code compozy.yaml}
 * (naming every workflow file and autoloading {@code resources/}), {@code workflows/<id>.yaml} and
 * {@code resources/<kind>/<id>.yaml} (each with its {@code resource:}). Reading a zip refuses
 * entries that leave the directory and bounds what it unpacks.
 */
final class ProjectArchive {
  static final long MAX_UNPACKED_BYTES = 32L * 1024 * 1024;
  static final int MAX_ENTRIES = 5_000;
  private static final Map<String, String> RESOURCE_WORD =
      Map.of(
          ResourceKinds.TOOL,
          "tool",
          ResourceKinds.AGENT,
          "agent",
          ResourceKinds.TASK,
          "task",
          ResourceKinds.MODEL,
          "model",
          ResourceKinds.MEMORY,
          "memory",
          ResourceKinds.MCP,
          "mcp",
          ResourceKinds.SCHEMA,
          "schema");

  private ProjectArchive() {}

  /**
   * The zip of {@code project} (null: a project named "default") and every stored definition in
   * {@code documents}.
   */
  @SuppressWarnings("unchecked")
  static byte[] write(@Nullable Object project, List<ResourceDocument> documents) {
    Map<String, Object> compozy =
        project == null
            ? new LinkedHashMap<>(Map.of("name", "default"))
            : new LinkedHashMap<>(Json.MAPPER.convertValue(project, Map.class));
    Set<String> declaredTools = new HashSet<>();
    if (compozy.get("tools") instanceof List<?> tools) {
      tools.forEach(t -> declaredTools.add(String.valueOf(((Map<String, Object>) t).get("id"))));
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    List<Map<String, String>> sources = new ArrayList<>();
    for (ResourceDocument d : documents) {
      if (d.kind().equals(ResourceKinds.WORKFLOW)) {
        String name = "workflows/" + d.id() + ".yaml";
        sources.add(Map.of("source", "./" + name));
        files.put(name, yaml(d.body()));
      } else if (d.kind().equals(ResourceKinds.KNOWLEDGE_BASE)) {
        // knowledge bases live in compozy.yaml (autoload knows no knowledge_base resource): those
        // stored on their own join it
        List<Object> bases =
            compozy.get("knowledge_bases") instanceof List<?> l
                ? new ArrayList<>(l)
                : new ArrayList<>();
        bases.removeIf(b -> b instanceof Map<?, ?> m && d.id().equals(m.get("id")));
        bases.add(d.body());
        compozy.put("knowledge_bases", bases);
      } else if (RESOURCE_WORD.containsKey(d.kind())
          && !(d.kind().equals(ResourceKinds.TOOL) && declaredTools.contains(d.id()))) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resource", RESOURCE_WORD.get(d.kind()));
        body.putAll(Json.MAPPER.convertValue(d.body(), Map.class));
        files.put("resources/" + d.kind() + "/" + d.id() + ".yaml", yaml(body));
      }
    }
    if (!sources.isEmpty()) {
      compozy.put("workflows", sources);
    }
    compozy.put("autoload", Map.of("enabled", true, "include", List.of("resources/**/*.yaml")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      entry(zip, ProjectLoader.PROJECT_FILE, yaml(compozy));
      for (var f : files.entrySet()) {
        entry(zip, f.getKey(), f.getValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static byte[] yaml(Object value) {
    return Json.YAML.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
  }

  private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  /**
   * Unpacks {@code zip} into {@code dir}; a zip that is not one, escapes or is too big is a 400/413
   * problem.
   */
  static void read(byte[] zip, Path dir) {
    long total = 0;
    int entries = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (++entries > MAX_ENTRIES) {
          throw ApiProblem.badRequest(
              "invalid_archive", "the zip has more than " + MAX_ENTRIES + " entries");
        }
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir) || e.getName().startsWith("/")) {
          throw ApiProblem.badRequest(
              "invalid_archive", "zip entry '" + e.getName() + "' points outside the project");
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (OutputStream file = Files.newOutputStream(target)) {
          total += copy(in, file, MAX_UNPACKED_BYTES - total);
        }
      }
      if (entries == 0) {
        throw ApiProblem.badRequest(
            "invalid_archive", "the body is not a zip of a project (no entries found)");
      }
    } catch (IOException e) {
      throw ApiProblem.badRequest(
          "invalid_archive", "the body is not a readable zip: " + e.getMessage());
    }
  }

  private static long copy(InputStream in, OutputStream out, long budget) throws IOException {
    byte[] buffer = new byte[8192];
    long written = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      written += n;
      if (written > budget) {
        throw new ApiProblem(
            HttpStatus.CONTENT_TOO_LARGE,
            "archive_too_large",
            "Content too large",
            "the zip unpacks to more than " + MAX_UNPACKED_BYTES / (1024 * 1024) + " MiB",
            Map.of());
      }
      out.write(buffer, 0, n);
    }
    return written;
  }
}
