package io.compozy.cli;

import io.compozy.cli.apply.ApplyCommand;
import io.compozy.cli.executions.ExecutionsCommand;
import io.compozy.cli.executions.RunCommand;
import io.compozy.cli.keys.KeysCommand;
import io.compozy.cli.login.LoginCommand;
import io.compozy.cli.login.LogoutCommand;
import io.compozy.cli.output.OutputFormat;
import io.compozy.cli.schedules.SchedulesCommand;
import io.compozy.cli.workflows.WorkflowsCommand;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code compozy}: the platform from a terminal, over its REST API. */
@Command(
    name = "compozy",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = Compozy.Version.class,
    description = "Runs and manages Compozy workflows over the REST API.",
    footer = {
      "",
      "The URL and key come from --url/--api-key, else COMPOZY_URL/COMPOZY_API_KEY,",
      "else `compozy login`.",
      "",
      "Exit codes: 0 ok; 1 the execution failed or was canceled; 2 usage; 3 not found;",
      "4 no key or denied; 5 refused as invalid; 6 server unreachable or busy (retry);",
      "7 server error; 8 a --sync run outlasted its timeout (it goes on)."
    },
    subcommands = {
      LoginCommand.class,
      LogoutCommand.class,
      ApplyCommand.class,
      WorkflowsCommand.class,
      RunCommand.class,
      ExecutionsCommand.class,
      SchedulesCommand.class,
      KeysCommand.class
    })
public final class Compozy {
  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "the API, e.g. http://localhost:5001")
  @Nullable String url;

  @Option(
      names = "--api-key",
      scope = ScopeType.INHERIT,
      paramLabel = "KEY",
      description = "the API key (prefer COMPOZY_API_KEY: flags show in ps)")
  @Nullable String apiKey;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = FormatConverter.class,
      description = "table (default), json or yaml")
  OutputFormat output = OutputFormat.TABLE;

  private final Session session;

  public Compozy(Session session) {
    this.session = session;
  }

  public Session session() {
    return session;
  }

  public @Nullable String url() {
    return url;
  }

  public @Nullable String apiKey() {
    return apiKey;
  }

  public OutputFormat output() {
    return output;
  }

  public static void main(String[] args) {
    System.exit(run(Session.system(), args));
  }

  /** Runs one command line; the exit code (see {@link ExitCode}). */
  public static int run(Session session, String... args) {
    CommandLine cli = new CommandLine(new Compozy(session));
    CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
    completion
        .getCommandSpec()
        .usageMessage()
        .description("Prints the bash/zsh completion script: source <(compozy completion)");
    cli.addSubcommand("completion", completion);
    cli.setOut(session.out());
    cli.setErr(session.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof CliException failure) {
            line.getErr().println("error: " + failure.getMessage());
            failure.details().forEach(d -> line.getErr().println("  " + d));
            line.getErr().flush();
            return failure.exitCode().code();
          }
          line.getErr().println("error: " + e);
          if (session.env().containsKey("COMPOZY_DEBUG")) {
            e.printStackTrace(line.getErr());
          }
          line.getErr().flush();
          return ExitCode.SERVER_ERROR.code();
        });
    return cli.execute(args);
  }

  static final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return OutputFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a format: table, json or yaml");
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Compozy.class.getPackage().getImplementationVersion();
      return new String[] {"compozy " + (v == null ? "development build" : v)};
    }
  }
}
