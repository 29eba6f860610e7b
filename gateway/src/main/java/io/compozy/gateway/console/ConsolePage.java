package io.compozy.gateway.console;

import java.time.Duration;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The web console as the gateway serves it: its page at {@code /} for a browser (a request that
 * asks for HTML), its built files under {@code /console-assets/}, both from the console module's
 * jar. The page may load only what this server serves.
 */
public final class ConsolePage {
  public static final String ASSETS = "/console-assets/**";
  static final Resource INDEX = new ClassPathResource("compozy-console/index.html");
  static final Resource ASSET_DIR = new ClassPathResource("compozy-console/console-assets/");

  /** No CDN, no inline script, no framing: the page reaches this server only. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data:; connect-src 'self'; "
          + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

  /** The built files are named by their content's hash: a new build has new names. */
  static final CacheControl ASSET_CACHING =
      CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

  private static final boolean BUILT = INDEX.exists();

  private ConsolePage() {}

  /**
   * Whether the request names HTML among what it accepts (a browser's navigation); curl and API
   * clients get JSON at {@code /}.
   */
  public static boolean wanted(HttpHeaders request) {
    List<MediaType> accepted;
    try {
      accepted = request.getAccept();
    } catch (RuntimeException e) {
      return false; // an Accept header that does not parse: the JSON answer
    }
    return accepted.stream()
        .anyMatch(
            t ->
                t.isCompatibleWith(MediaType.TEXT_HTML)
                    && !t.isWildcardType()
                    && !t.isWildcardSubtype());
  }

  /** Whether this build has the console (the console module built without -Dconsole.skip). */
  public static boolean built() {
    return BUILT; // asked once: the jar does not change under a running gateway
  }

  /**
   * The console's page: never cached (it names the current build's files), under its content
   * security policy.
   */
  public static ResponseEntity<Resource> page() {
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_HTML)
        .cacheControl(CacheControl.noCache())
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .body(INDEX);
  }
}
