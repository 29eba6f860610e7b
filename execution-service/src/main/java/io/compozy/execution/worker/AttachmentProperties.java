package io.compozy.execution.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code compozy.attachments}: the bounds of what an agent's attachments may bring to a model.
 * Downloads follow {@code compozy.tools.fetch-allow-private}, as {@code cp__fetch} does.
 *
 * @param maxBytes the most bytes of one attachment (file or download); more is refused
 * @param downloadTimeout the longest one download may take, redirects included
 * @param maxRedirects redirects a download follows
 * @param maxTextBytes the most of a text file passed as text (the rest is cut, as Compozy does)
 * @param maxPdfChars the most characters of a PDF's text
 */
@ConfigurationProperties("compozy.attachments")
public record AttachmentProperties(
    Integer maxBytes,
    Duration downloadTimeout,
    Integer maxRedirects,
    Integer maxTextBytes,
    Integer maxPdfChars) {
  public AttachmentProperties {
    maxBytes = maxBytes == null ? 10 * 1024 * 1024 : maxBytes;
    downloadTimeout = downloadTimeout == null ? Duration.ofSeconds(30) : downloadTimeout;
    maxRedirects = maxRedirects == null ? 3 : maxRedirects;
    maxTextBytes = maxTextBytes == null ? 5 * 1024 * 1024 : maxTextBytes;
    maxPdfChars = maxPdfChars == null ? 1_000_000 : maxPdfChars;
  }
}
