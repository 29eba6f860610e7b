package io.compozy.cli.login;

import org.jspecify.annotations.Nullable;

/** Where the API is and the key to call it with. */
public record Login(String url, @Nullable String apiKey) {
  public static final String DEFAULT_URL = "http://localhost:5001";
}
