package io.compozy.cli.login;

import io.compozy.cli.CliCommand;
import io.compozy.cli.CliException;
import io.compozy.cli.ExitCode;
import io.compozy.cli.api.Connection;
import io.compozy.client.api.ApiKeysApi;
import io.compozy.client.model.KeyView;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Command;

/**
 * {@code compozy login}: checks the URL and key against the server, then stores them. The key is
 * read from {@code --api-key}, {@code COMPOZY_API_KEY}, or asked for (not echoed) / read from
 * stdin.
 */
@Command(
    name = "login",
    description = "Checks a URL and API key with the server and stores them for later commands.")
public final class LoginCommand extends CliCommand {
  @Override
  public Integer call() throws IOException {
    Login given = login();
    String key = root().apiKey() != null ? root().apiKey() : session().env().get("COMPOZY_API_KEY");
    if (key == null || key.isBlank()) {
      key = askForKey();
    }
    Login login = new Login(given.url(), key.strip());
    Connection api = new Connection(login, Connection.READ_TIMEOUT);
    // any valid key may list its own keys: the check costs nothing and names the role
    List<KeyView> keys = api.call(() -> new ApiKeysApi(api.client()).listApiKeys(null).getData());
    String role =
        keys == null
            ? null
            : keys.stream()
                .filter(
                    k ->
                        k.getPrefix() != null
                            && login.apiKey().startsWith(k.getPrefix().replace("…", "")))
                .map(KeyView::getRole)
                .filter(Objects::nonNull)
                .map(KeyView.RoleEnum::getValue)
                .findFirst()
                .orElse(null);
    LoginStore store = new LoginStore(session().configDir());
    store.write(login);
    session()
        .out()
        .println(
            "Logged in to "
                + login.url()
                + (role == null ? "" : " (key role " + role + ")")
                + "; saved in "
                + store.file());
    session().out().flush();
    return ExitCode.OK.code();
  }

  private String askForKey() throws IOException {
    if (session().interactive() && System.console() != null) {
      char[] typed = System.console().readPassword("API key for %s: ", login().url());
      if (typed != null && typed.length > 0) {
        return new String(typed);
      }
    } else {
      String line = session().in().readLine();
      if (line != null && !line.isBlank()) {
        return line;
      }
    }
    throw new CliException(
        ExitCode.USAGE,
        "no API key given: pass --api-key, set COMPOZY_API_KEY, or type it when asked");
  }
}
