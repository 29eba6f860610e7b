package io.compozy.execution.worker;

import io.compozy.contracts.dsl.Attachment;
import io.compozy.contracts.message.RuntimeSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Turns an agent's attachments into what goes to the model, as Compozy does: an image URL is passed
 * as a link; an image, audio or video file (or download) as bytes; a PDF as its text (bytes when it
 * has none); a text file as text, another file as bytes; a {@code url} attachment as a line of text
 * naming it. Paths are read under the tools root (no escape by {@code ..} or links); downloads keep
 * to {@code cp__fetch}'s address policy. Anything that cannot be had fails the call with {@code
 * attachment_unavailable} naming it, where Compozy would drop it silently.
 */
@Component
@EnableConfigurationProperties(AttachmentProperties.class)
public class AttachmentLoader {
  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("wav", "audio/wav"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("m4a", "audio/mp4"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("webm", "video/webm"),
          Map.entry("mov", "video/quicktime"),
          Map.entry("txt", "text/plain"),
          Map.entry("md", "text/markdown"),
          Map.entry("csv", "text/csv"),
          Map.entry("json", "application/json"),
          Map.entry("yaml", "text/yaml"),
          Map.entry("yml", "text/yaml"),
          Map.entry("html", "text/html"),
          Map.entry("xml", "text/xml"));

  /** What one attachment becomes. */
  public sealed interface Part permits Text, Binary, Link {}

  /** Text added to the prompt under the attachment's name. */
  public record Text(String label, String text) implements Part {}

  /** Bytes with their MIME type, for the provider to read. */
  public record Binary(String mime, byte[] bytes, String label) implements Part {}

  /** A URL the provider fetches itself (images given by URL). */
  public record Link(String mime, URI uri, String label) implements Part {}

  private final ToolsProperties tools;
  private final AttachmentProperties limits;
  private final WebFetch web = new WebFetch();

  public AttachmentLoader(ToolsProperties tools, AttachmentProperties limits) {
    this.tools = tools;
    this.limits = limits;
  }

  public List<Part> load(List<Attachment.Source> sources, @Nullable RuntimeSpec runtime)
      throws InterruptedException {
    List<Part> parts = new ArrayList<>();
    for (Attachment.Source s : sources) {
      parts.add(one(s, runtime));
    }
    return parts;
  }

  private Part one(Attachment.Source s, @Nullable RuntimeSpec runtime) throws InterruptedException {
    String where =
        s.kind().wire()
            + " attachment "
            + (s.path() != null ? "'" + s.path() + "'" : "<" + s.url() + ">");
    String label =
        s.name() != null ? s.name() : s.path() != null ? s.path() : String.valueOf(s.url());
    if (s.kind() == Attachment.Kind.URL) {
      return new Text(label, s.url());
    }
    if (s.kind() == Attachment.Kind.IMAGE && s.url() != null && !s.url().startsWith("data:")) {
      URI uri = checkedUrl(s.url(), where);
      String mime = s.mime() != null ? s.mime() : byExtension(uri.getPath(), "image/*");
      return new Link(mime, uri, label);
    }
    Loaded loaded = s.path() != null ? read(s.path(), runtime, where) : download(s.url(), where);
    String mime =
        s.mime() != null
            ? s.mime()
            : loaded.mime() != null
                ? loaded.mime()
                : byExtension(
                    s.path() != null ? s.path() : URI.create(s.url()).getPath(),
                    TextSniff.isBinary(loaded.bytes()) ? "application/octet-stream" : "text/plain");
    mime = mime.toLowerCase(Locale.ROOT);
    return switch (s.kind()) {
      case IMAGE, AUDIO, VIDEO -> {
        String family = s.kind().wire() + "/";
        if (!mime.startsWith(family)) {
          throw unavailable(where + " is " + mime + ", not " + family + "*", false);
        }
        yield new Binary(mime, loaded.bytes(), label);
      }
      case PDF -> {
        String text = pdfText(loaded.bytes(), s.maxPages(), where);
        yield text.isBlank()
            ? new Binary("application/pdf", loaded.bytes(), label)
            : new Text(label, text);
      }
      case FILE ->
          mime.startsWith("text/") || mime.equals("application/json")
              ? new Text(
                  label,
                  new String(
                      loaded.bytes(),
                      0,
                      Math.min(loaded.bytes().length, limits.maxTextBytes()),
                      StandardCharsets.UTF_8))
              : new Binary(mime, loaded.bytes(), label);
      case URL -> throw new IllegalStateException("handled above");
    };
  }

  private record Loaded(byte[] bytes, @Nullable String mime) {}

  private Loaded read(String path, @Nullable RuntimeSpec runtime, String where) {
    try {
      Path file = new FileTools(Tools.root(tools, runtime), limits.maxBytes()).inside(path);
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw unavailable(where + ": no such file under the tools root", false);
      }
      if (Files.size(file) > limits.maxBytes()) {
        throw unavailable(
            where
                + " has "
                + Files.size(file)
                + " bytes, more than compozy.attachments.max-bytes ("
                + limits.maxBytes()
                + ")",
            false);
      }
      return new Loaded(Files.readAllBytes(file), null);
    } catch (ToolFailure f) {
      throw f.type().equals("attachment_unavailable")
          ? f
          : unavailable(where + ": " + f.getMessage(), false);
    } catch (IOException e) {
      throw unavailable(where + " cannot be read: " + e.getMessage(), true);
    }
  }

  private Loaded download(String url, String where) throws InterruptedException {
    checkedUrl(url, where);
    try {
      WebFetch.Download d =
          web.download(
              "GET",
              url,
              Map.of("User-Agent", "Compozy/1.0"),
              null,
              tools.fetchAllowPrivate(),
              limits.maxBytes(),
              limits.downloadTimeout(),
              limits.maxRedirects());
      if (d.status() >= 400) {
        throw unavailable(
            where + " answered HTTP " + d.status(), d.status() >= 500 || d.status() == 429);
      }
      if (d.truncated()) {
        throw unavailable(
            where + " is larger than compozy.attachments.max-bytes (" + limits.maxBytes() + ")",
            false);
      }
      String type = d.contentType();
      return new Loaded(d.body(), type == null ? null : type.split(";")[0].strip());
    } catch (ToolFailure f) {
      throw unavailable(where + ": " + f.getMessage(), f.retryable());
    } catch (IOException e) {
      throw unavailable(where + " cannot be downloaded: " + e.getMessage(), true);
    }
  }

  private static URI checkedUrl(String url, String where) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null
          || !(uri.getScheme().equalsIgnoreCase("http")
              || uri.getScheme().equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw unavailable(where + ": only http and https URLs are fetched", false);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw unavailable(where + " is not a URL: " + e.getReason(), false);
    }
  }

  private String pdfText(byte[] bytes, @Nullable Integer maxPages, String where) {
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      PDFTextStripper stripper = new PDFTextStripper();
      if (maxPages != null) {
        stripper.setEndPage(maxPages);
      }
      String text = stripper.getText(doc).strip();
      return text.length() > limits.maxPdfChars() ? text.substring(0, limits.maxPdfChars()) : text;
    } catch (IOException e) {
      throw unavailable(where + " is not a readable PDF: " + e.getMessage(), false);
    }
  }

  private static String byExtension(@Nullable String name, String fallback) {
    if (name == null) {
      return fallback;
    }
    int dot = name.lastIndexOf('.');
    return dot < 0
        ? fallback
        : BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), fallback);
  }

  private static ToolFailure unavailable(String message, boolean retryable) {
    return new ToolFailure("attachment_unavailable", message, retryable);
  }
}
