package io.compozy.gateway.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.compozy.gateway.console.ConsolePage;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /} and {@code GET /api/v0}: what this server is and where its parts are, as Compozy
 * answers them (name, version, and the URLs of health, the API, the docs and the OpenAPI document).
 * No key needed. The URLs are built on the request's own host, kept only when it is a plain host
 * name or address with a port; forwarded headers are not trusted here.
 */
@RestController
@Tag(name = "Platform")
class DiscoveryController {
  private final @Nullable String tracesUi;

  DiscoveryController(
      @Value("${compozy.tracing.ui-url:${COMPOZY_TRACING_UI_URL:}}") String tracesUi) {
    this.tracesUi = tracesUi.isBlank() ? null : tracesUi;
  }

  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");
  private static final String VERSION = versionOf();

  /**
   * A browser (a request asking for HTML) gets the web console; everything else the JSON of {@code
   * /api/v0}.
   */
  @GetMapping("/")
  @Hidden
  ResponseEntity<?> root(ServerWebExchange exchange) {
    if (ConsolePage.wanted(exchange.getRequest().getHeaders()) && ConsolePage.built()) {
      return ConsolePage.page();
    }
    return ResponseEntity.ok(
        ApiResponse.of(info(exchange.getRequest().getURI(), tracesUi), "Success"));
  }

  @GetMapping("/api/v0")
  @Operation(
      operationId = "getApiInfo",
      summary = "What this server is and where its parts are (no key needed)")
  ApiResponse<ApiInfo> api(ServerWebExchange exchange) {
    return ApiResponse.of(info(exchange.getRequest().getURI(), tracesUi), "Success");
  }

  /** Where the server's parts are. */
  @Schema(name = "ApiEndpoints")
  record Endpoints(
      String health,
      String api,
      String docs,
      String swagger,
      String openapiJson,
      @Schema(
              description =
                  "Where the platform sends traces: an execution's trace is this with "
                      + "{trace_id} replaced by its trace_id (absent without a trace store)")
          @JsonInclude(JsonInclude.Include.NON_NULL)
          @Nullable String traces) {}

  /** What the server is. */
  @Schema(name = "ApiInfo")
  record ApiInfo(String name, String version, String description, Endpoints endpoints) {}

  static ApiInfo info(URI request, @Nullable String tracesUi) {
    String host =
        request.getHost() != null && HOST.matcher(request.getHost()).matches()
            ? request.getHost()
            : "localhost";
    String base =
        ("https".equals(request.getScheme()) ? "https" : "http")
            + "://"
            + host
            + (request.getPort() > 0 ? ":" + request.getPort() : "");
    return new ApiInfo(
        "Compozy API",
        VERSION,
        "Workflows, agents, tasks and tools, orchestrated over Kafka",
        new Endpoints(
            base + "/api/v0/health",
            base + "/api/v0",
            base + "/docs",
            base + "/docs",
            base + "/openapi.json",
            tracesUi));
  }

  private static String versionOf() {
    String v = DiscoveryController.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
