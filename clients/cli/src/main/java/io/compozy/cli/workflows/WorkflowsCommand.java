package io.compozy.cli.workflows;

import io.compozy.cli.CliCommand;
import io.compozy.cli.ExitCode;
import io.compozy.cli.api.Connection;
import io.compozy.cli.output.Table;
import io.compozy.client.api.WorkflowsApi;
import io.compozy.client.model.Workflow;
import io.compozy.client.model.WorkflowPageData;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compozy workflows list|get}. */
@Command(
    name = "workflows",
    description = "Lists and shows workflow definitions.",
    subcommands = {WorkflowsCommand.ListWorkflows.class, WorkflowsCommand.GetWorkflow.class})
public final class WorkflowsCommand {
  @Command(name = "list", description = "The workflows, a page at a time.")
  static final class ListWorkflows extends CliCommand {
    @Option(names = "--limit", description = "at most this many (1-500, default 50)")
    @Nullable Integer limit;

    @Option(
        names = "--cursor",
        description = "the page after this cursor (next_cursor of the page before)")
    @Nullable String cursor;

    @Option(names = "-q", description = "only ids containing this")
    @Nullable String query;

    @Override
    public Integer call() {
      Connection api = connect();
      WorkflowPageData page =
          api.call(
              () ->
                  new WorkflowsApi(api.client())
                      .listWorkflows(query, cursor, limit, null)
                      .getData());
      printer()
          .print(
              page,
              () -> {
                Table t = new Table("id", "version", "tasks", "description");
                for (Workflow w : page.getWorkflows()) {
                  t.row(
                      w.getId(),
                      w.getVersion(),
                      w.getTasks() == null ? 0 : w.getTasks().size(),
                      w.getDescription());
                }
                String next = page.getPage() == null ? null : page.getPage().getNextCursor();
                return (t.isEmpty() ? "No workflows\n" : t.render())
                    + (next == null ? "" : "more: --cursor " + next + "\n");
              });
      return ExitCode.OK.code();
    }
  }

  @Command(name = "get", description = "One workflow's definition (YAML unless -o json).")
  static final class GetWorkflow extends CliCommand {
    @Parameters(paramLabel = "WORKFLOW", description = "the workflow id")
    String id;

    @Override
    public Integer call() {
      Connection api = connect();
      Workflow w =
          api.call(() -> new WorkflowsApi(api.client()).getWorkflow(id, null, null).getData());
      printer().document(w);
      return ExitCode.OK.code();
    }
  }
}
