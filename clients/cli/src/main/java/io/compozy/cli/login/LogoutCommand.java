package io.compozy.cli.login;

import io.compozy.cli.CliCommand;
import io.compozy.cli.ExitCode;
import picocli.CommandLine.Command;

/** {@code compozy logout}: forgets the stored login (the key stays valid on the server). */
@Command(
    name = "logout",
    description =
        "Forgets the stored URL and key (the key itself stays valid: revoke it with compozy keys"
            + " revoke).")
public final class LogoutCommand extends CliCommand {
  @Override
  public Integer call() {
    LoginStore store = new LoginStore(session().configDir());
    session()
        .out()
        .println(store.delete() ? "Logged out: " + store.file() + " deleted" : "Not logged in");
    session().out().flush();
    return ExitCode.OK.code();
  }
}
