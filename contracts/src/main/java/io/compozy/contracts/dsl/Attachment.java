package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.compozy.contracts.schema.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A file, image or link passed to the model with an agent's prompt (Compozy's {@code attachments}
 * on tasks, agents and actions). Sources are a {@code url}/{@code urls} or a {@code path}/{@code
 * paths} under the tools root, each a template; {@code max_pages} bounds a PDF's text.
 */
public record Attachment(
    Kind type,
    @Nullable String url,
    @Nullable List<String> urls,
    @Nullable String path,
    @Nullable List<String> paths,
    @Nullable String name,
    @Nullable String mime,
    @Nullable Map<String, Object> meta,
    @Nullable Integer maxPages) {

  /** Compozy's attachment types, and which sources each takes. */
  public enum Kind {
    @JsonProperty("image")
    IMAGE(true, true, true),
    @JsonProperty("pdf")
    PDF(true, true, true),
    @JsonProperty("audio")
    AUDIO(true, true, true),
    @JsonProperty("video")
    VIDEO(true, true, true),
    @JsonProperty("url")
    URL(true, false, false),
    @JsonProperty("file")
    FILE(false, true, false);

    private final boolean urls;
    private final boolean paths;
    private final boolean many;

    Kind(boolean urls, boolean paths, boolean many) {
      this.urls = urls;
      this.paths = paths;
      this.many = many;
    }

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** "a pdf attachment", "an image attachment". */
    String described() {
      return (this == IMAGE || this == AUDIO ? "an " : "a ") + wire() + " attachment";
    }
  }

  /**
   * One source of an attachment: a URL or a path, each with the attachment's type, name and MIME
   * type.
   */
  public record Source(
      Kind kind,
      @Nullable String url,
      @Nullable String path,
      @Nullable String name,
      @Nullable String mime,
      @Nullable Integer maxPages) {}

  /** Every source, {@code url}/{@code path} first, then the lists, in order. */
  public List<Source> sources() {
    List<Source> out = new ArrayList<>();
    if (url != null) {
      out.add(new Source(type, url, null, name, mime, maxPages));
    }
    for (String u : urls == null ? List.<String>of() : urls) {
      out.add(new Source(type, u, null, name, mime, maxPages));
    }
    if (path != null) {
      out.add(new Source(type, null, path, name, mime, maxPages));
    }
    for (String p : paths == null ? List.<String>of() : paths) {
      out.add(new Source(type, null, p, name, mime, maxPages));
    }
    return out;
  }

  /**
   * What is wrong with it as written: sources its type does not take, none at all, templates that
   * do not parse.
   */
  public List<Violation> problems(String at) {
    List<Violation> problems = new ArrayList<>();
    if (type == null) {
      problems.add(
          new Violation(
              at + "/type",
              "give the attachment's type: one of image, pdf, audio, video, url, file"));
      return problems;
    }
    if (!type.urls && (url != null || urls != null)) {
      problems.add(new Violation(at + "/url", type.described() + " takes a path, not a URL"));
    }
    if (!type.paths && (path != null || paths != null)) {
      problems.add(new Violation(at + "/path", type.described() + " takes a url, not a path"));
    }
    if (!type.many && (urls != null || paths != null)) {
      problems.add(
          new Violation(
              at + (urls != null ? "/urls" : "/paths"), type.described() + " takes one source"));
    }
    if (url == null
        && path == null
        && (urls == null || urls.isEmpty())
        && (paths == null || paths.isEmpty())) {
      problems.add(
          new Violation(
              at,
              type.described()
                  + " needs a "
                  + (type.urls && type.paths ? "url or a path" : type.urls ? "url" : "path")));
    }
    if (maxPages != null && (type != Kind.PDF || maxPages < 1)) {
      problems.add(
          new Violation(
              at + "/max_pages",
              type != Kind.PDF ? "only a pdf attachment has pages" : "must be at least 1"));
    }
    WorkflowChecks.templates(url, at + "/url", problems);
    WorkflowChecks.templates(urls, at + "/urls", problems);
    WorkflowChecks.templates(path, at + "/path", problems);
    WorkflowChecks.templates(paths, at + "/paths", problems);
    WorkflowChecks.templates(name, at + "/name", problems);
    return problems;
  }

  static void check(@Nullable List<Attachment> list, String at, List<Violation> problems) {
    for (int i = 0; list != null && i < list.size(); i++) {
      problems.addAll(list.get(i).problems(at + "/" + i));
    }
  }
}
