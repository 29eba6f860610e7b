package io.compozy.execution.worker;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code compozy.tools}: the built-in tools' bounds.
 *
 * @param root the folder the file tools work in (default: the project's folder); nothing outside it
 *     is reachable, through {@code ..} or links
 * @param fetchAllowPrivate whether {@code cp__fetch} may reach loopback, private and link-local
 *     addresses
 * @param fetchMaxBytes the most of a fetched body returned
 * @param fetchTimeout the longest a fetch (all redirects included) may take
 * @param fetchMaxRedirects redirects followed before a fetch fails
 * @param execAllow the commands {@code cp__exec} may run (none by default)
 * @param execTimeout the longest a command may run
 * @param maxOutputBytes the most of a command's output, or a file read, returned
 * @param projectDir the folder the project was read from ({@code COMPOZY_PROJECT_DIR}): the root
 *     when none is configured and the runtime names no entrypoint
 */
@ConfigurationProperties("compozy.tools")
public record ToolsProperties(
    @Nullable String root,
    Boolean fetchAllowPrivate,
    Integer fetchMaxBytes,
    Duration fetchTimeout,
    Integer fetchMaxRedirects,
    List<String> execAllow,
    Duration execTimeout,
    Integer maxOutputBytes,
    @Nullable String projectDir) {

  public ToolsProperties(
      @Nullable String root,
      Boolean fetchAllowPrivate,
      Integer fetchMaxBytes,
      Duration fetchTimeout,
      Integer fetchMaxRedirects,
      List<String> execAllow,
      Duration execTimeout,
      Integer maxOutputBytes) {
    this(
        root,
        fetchAllowPrivate,
        fetchMaxBytes,
        fetchTimeout,
        fetchMaxRedirects,
        execAllow,
        execTimeout,
        maxOutputBytes,
        null);
  }

  @ConstructorBinding
  public ToolsProperties {
    fetchAllowPrivate = fetchAllowPrivate != null && fetchAllowPrivate;
    fetchMaxBytes = fetchMaxBytes == null ? 1_048_576 : fetchMaxBytes;
    fetchTimeout = fetchTimeout == null ? Duration.ofSeconds(15) : fetchTimeout;
    fetchMaxRedirects = fetchMaxRedirects == null ? 5 : fetchMaxRedirects;
    execAllow = execAllow == null ? List.of() : List.copyOf(execAllow);
    execTimeout = execTimeout == null ? Duration.ofSeconds(30) : execTimeout;
    maxOutputBytes = maxOutputBytes == null ? 262_144 : maxOutputBytes;
  }
}
