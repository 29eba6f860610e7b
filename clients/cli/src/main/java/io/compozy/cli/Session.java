package io.compozy.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a run of the CLI sees of the world: its environment, where it keeps its login, and its
 * terminal. Tests give their own, so nothing reads {@code System.getenv} or the real home.
 */
public record Session(
    Map<String, String> env,
    Path configDir,
    PrintWriter out,
    PrintWriter err,
    BufferedReader in,
    boolean interactive) {

  public static Session system() {
    Map<String, String> env = System.getenv();
    return new Session(
        env,
        configDir(env, Path.of(System.getProperty("user.home"))),
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        System.console() != null);
  }

  /**
   * {@code $COMPOZY_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/compozy}, else {@code
   * ~/.config/compozy}.
   */
  public static Path configDir(Map<String, String> env, Path home) {
    String own = env.get("COMPOZY_CONFIG_DIR");
    if (own != null && !own.isBlank()) {
      return Path.of(own);
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config"))
        .resolve("compozy");
  }
}
