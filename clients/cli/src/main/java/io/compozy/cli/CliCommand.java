package io.compozy.cli;

import io.compozy.cli.api.Connection;
import io.compozy.cli.login.Login;
import io.compozy.cli.login.LoginStore;
import io.compozy.cli.output.Printer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command has: the session, the chosen output, and a connection to the API. */
public abstract class CliCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  protected Compozy root() {
    return (Compozy) spec.root().userObject();
  }

  protected Session session() {
    return root().session();
  }

  protected Printer printer() {
    return new Printer(root().output(), session().out());
  }

  /** The login in force: flags, then the environment, then what {@code compozy login} stored. */
  protected Login login() {
    Compozy r = root();
    var env = session().env();
    var stored = new LoginStore(session().configDir()).read();
    String url =
        first(
            r.url(),
            env.get("COMPOZY_URL"),
            stored.map(Login::url).orElse(null),
            Login.DEFAULT_URL);
    String key =
        first(r.apiKey(), env.get("COMPOZY_API_KEY"), stored.map(Login::apiKey).orElse(null), null);
    return new Login(url, key);
  }

  protected Connection connect() {
    return connect(Connection.READ_TIMEOUT);
  }

  protected Connection connect(Duration readTimeout) {
    Login login = login();
    if (login.apiKey() == null) {
      throw new CliException(
          ExitCode.DENIED, "no API key: run compozy login, or set COMPOZY_API_KEY");
    }
    return new Connection(login, readTimeout);
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
