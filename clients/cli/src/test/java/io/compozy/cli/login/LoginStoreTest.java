package io.compozy.cli.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.cli.Compozy;
import io.compozy.cli.ExitCode;
import io.compozy.cli.Session;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginStoreTest {
  @TempDir Path dir;

  @Test
  void theStoredKeyIsReadableByItsOwnerOnly() throws Exception {
    LoginStore store = new LoginStore(dir.resolve("compozy"));
    store.write(new Login("http://example.test:5001", "cpzy_secret"));
    assertThat(store.read()).contains(new Login("http://example.test:5001", "cpzy_secret"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
        .isEqualTo("rw-------");
    assertThat(store.delete()).isTrue();
    assertThat(store.read()).isEmpty();
  }

  @Test
  void aBrokenLoginFileIsOneClearLine() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("login.json"), "{not json");
    StringWriter err = new StringWriter();
    Session s =
        new Session(
            Map.of(),
            dir,
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            new BufferedReader(new StringReader("")),
            false);
    assertThat(Compozy.run(s, "workflows", "list")).isEqualTo(ExitCode.USAGE.code());
    assertThat(err.toString())
        .startsWith("error: " + dir.resolve("login.json") + " cannot be read")
        .doesNotContain("Exception")
        .hasLineCount(1);
  }

  @Test
  void theConfigDirectoryFollowsTheEnvironment() {
    Path home = Path.of("/home/ann");
    assertThat(Session.configDir(Map.of(), home)).isEqualTo(Path.of("/home/ann/.config/compozy"));
    assertThat(Session.configDir(Map.of("XDG_CONFIG_HOME", "/x"), home))
        .isEqualTo(Path.of("/x/compozy"));
    assertThat(Session.configDir(Map.of("COMPOZY_CONFIG_DIR", "/c", "XDG_CONFIG_HOME", "/x"), home))
        .isEqualTo(Path.of("/c"));
  }
}
