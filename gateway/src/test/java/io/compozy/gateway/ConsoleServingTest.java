package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web console is served by the gateway, with no key: its page at {@code /} to a browser, its
 * built files under {@code /console-assets/}; API clients still get the discovery JSON at {@code
 * /}.
 */
class ConsoleServingTest extends GatewayTestBase {
  private static final String BROWSER_ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  @Test
  void aBrowserGetsTheConsolesPageUnderAPolicyThatAllowsOnlyThisServer() throws Exception {
    var page = send("GET", "/", null, "Accept", BROWSER_ACCEPT);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<div id=\"root\">").contains("/console-assets/");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp ->
                assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-cache");
  }

  @Test
  void theConsolesFilesAreServedWithoutAKeyAndCachedForGood() throws Exception {
    Matcher script =
        Pattern.compile("src=\"(/console-assets/[^\"]+\\.js)\"")
            .matcher(send("GET", "/", null, "Accept", BROWSER_ACCEPT).body());
    assertThat(script.find()).isTrue();
    var js = send("GET", script.group(1), null);
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    assertThat(js.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(c -> assertThat(c).contains("max-age=31536000").contains("immutable"));
    assertThat(send("GET", "/console-assets/no-such-file.js", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/console-assets/../application.yml", null).statusCode()).isIn(400, 404);
  }

  @Test
  void apiClientsStillGetTheDiscoveryDocumentAtTheRoot() throws Exception {
    for (String accept : new String[] {null, "*/*", "application/json", "text/*"}) {
      var r = accept == null ? send("GET", "/", null) : send("GET", "/", null, "Accept", accept);
      assertThat(r.statusCode()).as(accept).isEqualTo(200);
      assertThat(r.body()).as(accept).contains("\"name\":\"Compozy API\"");
    }
    // an Accept header that does not parse is the client's mistake, as on every other path
    assertThat(send("GET", "/", null, "Accept", "not a media type").statusCode())
        .isBetween(400, 499);
  }
}
