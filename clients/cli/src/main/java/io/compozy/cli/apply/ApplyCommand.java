package io.compozy.cli.apply;

import io.compozy.cli.CliCommand;
import io.compozy.cli.ExitCode;
import io.compozy.cli.api.Connection;
import io.compozy.cli.output.Table;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code compozy apply DIR}: the project directory checked and stored by the server as one import
 * (every problem at its file and line, nothing stored if one is found), each definition listed as
 * created, updated or unchanged; {@code --dry-run} says the same and stores nothing.
 */
@Command(
    name = "apply",
    description =
        "Validates a project directory and creates or updates its definitions on the server (admin"
            + " key).")
public final class ApplyCommand extends CliCommand {
  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "the project directory (with compozy.yaml)",
      defaultValue = ".")
  Path dir;

  @Option(names = "--dry-run", description = "check and say what would change; store nothing")
  boolean dryRun;

  @Override
  @SuppressWarnings("unchecked")
  public Integer call() {
    byte[] zip = ProjectZip.of(dir.toAbsolutePath().normalize());
    Connection api = connect();
    // POST /admin/import (ProjectApi.importProject): sent as bytes, see Connection.postBytes
    Map<String, Object> data =
        api.postBytes("/api/v0/admin/import?dry_run=" + dryRun, "application/zip", zip);
    List<Map<String, Object>> changes =
        (List<Map<String, Object>>) data.getOrDefault("changes", List.of());
    printer()
        .print(
            data,
            () -> {
              Table t = new Table("kind", "id", "outcome");
              changes.forEach(
                  c ->
                      t.row(
                          c.get("kind"),
                          c.get("id"),
                          c.get("outcome")
                              + (dryRun && !"unchanged".equals(c.get("outcome"))
                                  ? " (dry run)"
                                  : "")));
              Map<String, Object> counts =
                  (Map<String, Object>) data.getOrDefault("definitions", Map.of());
              return t.render()
                  + "\nproject "
                  + data.get("project")
                  + ": "
                  + counts.get("created")
                  + " created, "
                  + counts.get("updated")
                  + " updated, "
                  + counts.get("unchanged")
                  + " unchanged"
                  + (dryRun ? " (dry run: nothing was stored)" : "")
                  + "\n";
            });
    return ExitCode.OK.code();
  }
}
