package io.compozy.gateway.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Serves the console's built files (its page is {@code /}, see {@link ConsolePage#wanted}). */
@Configuration(proxyBeanMethods = false)
class ConsoleRoutes {
  @Bean
  RouterFunction<ServerResponse> consoleAssets() {
    return RouterFunctions.resources(
        ConsolePage.ASSETS,
        ConsolePage.ASSET_DIR,
        (resource, headers) -> headers.setCacheControl(ConsolePage.ASSET_CACHING));
  }
}
