package io.compozy.gateway.health;

import io.compozy.support.web.ApiResponse;
import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /} and {@code GET /api/v0}: what this server is and where its parts are, as Compozy
 * answers them (name, version, and the URLs of health, the API, the docs and the OpenAPI
 * document). No key needed. The URLs are built on the request's own host, kept only when it is a
 * plain host name or address with a port; forwarded headers are not trusted here.
 */
@RestController
@io.swagger.v3.oas.annotations.tags.Tag(name = "Platform")
class DiscoveryController {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");
  private static final String VERSION = versionOf();

  @GetMapping("/")
  @io.swagger.v3.oas.annotations.Hidden
  ApiResponse<ApiInfo> root(ServerWebExchange exchange) {
    return ApiResponse.of(info(exchange.getRequest().getURI()), "Success");
  }

  @GetMapping("/api/v0")
  @io.swagger.v3.oas.annotations.Operation(operationId = "getApiInfo", summary = "What this server is and where its parts are (no key needed)")
  ApiResponse<ApiInfo> api(ServerWebExchange exchange) {
    return ApiResponse.of(info(exchange.getRequest().getURI()), "Success");
  }

  /** Where the server's parts are. */
  @io.swagger.v3.oas.annotations.media.Schema(name = "ApiEndpoints")
  record Endpoints(String health, String api, String docs, String swagger, String openapiJson) {}

  /** What the server is. */
  @io.swagger.v3.oas.annotations.media.Schema(name = "ApiInfo")
  record ApiInfo(String name, String version, String description, Endpoints endpoints) {}

  static ApiInfo info(URI request) {
    String host = request.getHost() != null && HOST.matcher(request.getHost()).matches() ? request.getHost() : "localhost";
    String base = ("https".equals(request.getScheme()) ? "https" : "http") + "://" + host + (request.getPort() > 0 ? ":" + request.getPort() : "");
    return new ApiInfo("Compozy API", VERSION, "Workflows, agents, tasks and tools, orchestrated over Kafka",
        new Endpoints(base + "/api/v0/health", base + "/api/v0", base + "/docs", base + "/docs", base + "/openapi.json"));
  }

  private static String versionOf() {
    String v = DiscoveryController.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
