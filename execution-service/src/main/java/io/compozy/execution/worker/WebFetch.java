package io.compozy.execution.worker;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * HTTP for the tools: redirects followed by hand (each hop checked), a size cap on the body, one
 * time budget for the whole fetch, and (unless allowed) no loopback, private, link-local or other
 * internal addresses, so a model cannot make the platform reach into its own network.
 */
public final class WebFetch {
  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  record Response(int status, Map<String, String> headers, String body, boolean truncated) {}

  /**
   * The reason phrase Go's {@code http.StatusText} gives (Compozy's {@code status_text}), empty for
   * codes it does not know.
   */
  static String statusText(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    return known == null ? "" : known.getReasonPhrase();
  }

  Response fetch(
      String method,
      String url,
      Map<String, String> headers,
      @Nullable String body,
      boolean allowPrivate,
      int maxBytes,
      Duration timeout,
      int maxRedirects)
      throws IOException, InterruptedException {
    Download d =
        download(method, url, headers, body, allowPrivate, maxBytes, timeout, maxRedirects);
    return new Response(
        d.status(), d.headers(), new String(d.body(), StandardCharsets.UTF_8), d.truncated());
  }

  /**
   * A response as bytes: at most {@code maxBytes} of the body, {@code truncated} when there was
   * more.
   */
  public record Download(int status, Map<String, String> headers, byte[] body, boolean truncated) {
    public @Nullable String contentType() {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase("content-type"))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }
  }

  public Download download(
      String method,
      String url,
      Map<String, String> headers,
      @Nullable String body,
      boolean allowPrivate,
      int maxBytes,
      Duration timeout,
      int maxRedirects)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    URI uri = parse(url);
    for (int hop = 0; ; hop++) {
      if (!allowPrivate) {
        checkPublic(uri);
      }
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new ToolFailure(
            "fetch_timeout",
            "fetching " + url + " took longer than " + timeout.toSeconds() + " s",
            true);
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(left)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(request::header);
      HttpResponse<InputStream> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpTimeoutException e) {
        throw new ToolFailure(
            "fetch_timeout",
            "fetching " + url + " took longer than " + timeout.toSeconds() + " s",
            true);
      }
      int status = response.statusCode();
      if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
        response.body().close();
        if (hop >= maxRedirects) {
          throw new ToolFailure(
              "too_many_redirects",
              url + " redirected more than " + maxRedirects + " times",
              false);
        }
        uri = uri.resolve(response.headers().firstValue("location").get());
        checkScheme(uri);
        if (status == 303) {
          method = "GET";
          body = null;
        }
        continue;
      }
      byte[] bytes;
      boolean truncated;
      try (InputStream in = response.body()) {
        bytes = in.readNBytes(maxBytes + 1);
        truncated = bytes.length > maxBytes;
      }
      Map<String, String> out = new LinkedHashMap<>();
      response.headers().map().forEach((k, v) -> out.put(k, String.join(", ", v)));
      return new Download(
          status, out, Arrays.copyOf(bytes, Math.min(bytes.length, maxBytes)), truncated);
    }
  }

  private static URI parse(String url) {
    try {
      URI uri = URI.create(url);
      checkScheme(uri);
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ToolFailure("invalid_tool_input", "'" + url + "' is not a URL", false);
    }
  }

  private static void checkScheme(URI uri) {
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new ToolFailure(
          "invalid_tool_input",
          "only http and https URLs with a host can be fetched, not '" + uri + "'",
          false);
    }
  }

  static void checkPublic(URI uri) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new ToolFailure("fetch_failed", "host '" + uri.getHost() + "' is not known", true);
    }
    for (InetAddress a : addresses) {
      if (isInternal(a)) {
        throw new ToolFailure(
            "address_not_allowed",
            uri.getHost()
                + " is an internal address ("
                + a.getHostAddress()
                + "); set compozy.tools.fetch-allow-private to reach it",
            false);
      }
    }
  }

  static boolean isInternal(InetAddress a) {
    byte[] b = a.getAddress();
    boolean uniqueLocalV6 = a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    boolean sharedV4 =
        b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64.0.0/10
    boolean thisNetwork = b.length == 4 && b[0] == 0;
    return a.isLoopbackAddress()
        || a.isSiteLocalAddress()
        || a.isLinkLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()
        || uniqueLocalV6
        || sharedV4
        || thisNetwork;
  }
}
