package io.compozy.gateway.health;

import io.compozy.support.web.ApiResponse;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
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
  ApiResponse<Map<String, Object>> root(ServerWebExchange exchange) {
    return ApiResponse.of(info(exchange.getRequest().getURI()), "Success");
  }

  @GetMapping("/api/v0")
  @io.swagger.v3.oas.annotations.Operation(operationId = "getApiInfo", summary = "What this server is and where its parts are (no key needed)")
  ApiResponse<Map<String, Object>> api(ServerWebExchange exchange) {
    return ApiResponse.of(info(exchange.getRequest().getURI()), "Success");
  }

  static Map<String, Object> info(URI request) {
    String host = request.getHost() != null && HOST.matcher(request.getHost()).matches() ? request.getHost() : "localhost";
    String base = ("https".equals(request.getScheme()) ? "https" : "http") + "://" + host + (request.getPort() > 0 ? ":" + request.getPort() : "");
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("health", base + "/api/v0/health");
    endpoints.put("api", base + "/api/v0");
    endpoints.put("docs", base + "/docs");
    endpoints.put("swagger", base + "/docs");
    endpoints.put("openapi_json", base + "/openapi.json");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", "Compozy API");
    out.put("version", VERSION);
    out.put("description", "Workflows, agents, tasks and tools, orchestrated over Kafka");
    out.put("endpoints", endpoints);
    return out;
  }

  private static String versionOf() {
    String v = DiscoveryController.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
