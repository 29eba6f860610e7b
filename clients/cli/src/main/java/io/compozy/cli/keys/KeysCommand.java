package io.compozy.cli.keys;

import io.compozy.cli.CliCommand;
import io.compozy.cli.ExitCode;
import io.compozy.cli.api.Connection;
import io.compozy.cli.output.Table;
import io.compozy.client.api.ApiKeysApi;
import io.compozy.client.model.CreateKey;
import io.compozy.client.model.CreatedKey;
import io.compozy.client.model.KeyView;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compozy keys list|create|revoke}. */
@Command(
    name = "keys",
    description = "Lists, creates and revokes API keys.",
    subcommands = {
      KeysCommand.ListKeys.class,
      KeysCommand.CreateApiKey.class,
      KeysCommand.Revoke.class
    })
public final class KeysCommand {
  @Command(name = "list", description = "Your keys (an admin key: --user for another user's).")
  static final class ListKeys extends CliCommand {
    @Option(names = "--user", description = "the user whose keys to list (admin)")
    @Nullable String userId;

    @Override
    public Integer call() {
      Connection api = connect();
      List<KeyView> keys =
          api.call(() -> new ApiKeysApi(api.client()).listApiKeys(userId).getData());
      printer()
          .print(
              keys,
              () -> {
                Table t =
                    new Table("id", "name", "prefix", "role", "created", "expires", "last used");
                keys.forEach(
                    k ->
                        t.row(
                            k.getId(),
                            k.getName(),
                            k.getPrefix(),
                            k.getRole(),
                            k.getCreatedAt(),
                            k.getExpiresAt(),
                            k.getLastUsedAt()));
                return t.isEmpty() ? "No keys\n" : t.render();
              });
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "create",
      description = "Creates a key and prints it once: store it now, it cannot be shown again.")
  static final class CreateApiKey extends CliCommand {
    @Option(names = "--name", required = true, description = "what the key is for")
    String name;

    @Option(
        names = "--role",
        defaultValue = "read",
        description = "read, write or admin (at most your own key's role; default read)")
    CreateKey.RoleEnum role;

    @Option(
        names = "--expires-in",
        paramLabel = "DURATION",
        description = "e.g. 30d, 12h (default: never)")
    @Nullable String expiresIn;

    @Option(names = "--user", description = "the user to create it for (admin)")
    @Nullable String userId;

    @Override
    public Integer call() {
      Connection api = connect();
      CreateKey request = new CreateKey().name(name).role(role).expiresIn(expiresIn).userId(userId);
      CreatedKey created =
          api.call(() -> new ApiKeysApi(api.client()).createApiKey(request).getData());
      printer()
          .print(
              created,
              () ->
                  new Table("id", "name", "role", "expires")
                          .row(
                              created.getId(),
                              created.getName(),
                              created.getRole(),
                              created.getExpiresAt())
                          .render()
                      + "\nkey: "
                      + created.getKey()
                      + "\n(shown once: store it now)\n");
      return ExitCode.OK.code();
    }
  }

  @Command(name = "revoke", description = "Revokes a key: it stops working at once.")
  static final class Revoke extends CliCommand {
    @Parameters(paramLabel = "KEY_ID")
    String keyId;

    @Override
    public Integer call() {
      Connection api = connect();
      api.call(
          () -> {
            new ApiKeysApi(api.client()).revokeApiKey(keyId);
            return null;
          });
      printer().print(Map.of("id", keyId, "revoked", true), () -> keyId + " revoked\n");
      return ExitCode.OK.code();
    }
  }
}
