package io.compozy.support.web;

import org.springframework.web.server.WebFilter;

/**
 * A web filter whose name is its class's simple name. WebFlux's filter chain names every filter on
 * every request ({@code checkpoint(filter.toString())}); {@code Object.toString} formats an
 * identity hash each time, which showed up in the gateway's profile.
 */
public abstract class NamedWebFilter implements WebFilter {
  private final String name = getClass().getSimpleName();

  @Override
  public final String toString() {
    return name;
  }
}
