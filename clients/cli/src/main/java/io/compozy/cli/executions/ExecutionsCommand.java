package io.compozy.cli.executions;

import io.compozy.cli.CliCommand;
import io.compozy.cli.ExitCode;
import io.compozy.cli.Inputs;
import io.compozy.cli.api.Connection;
import io.compozy.cli.output.Printer;
import io.compozy.cli.output.Table;
import io.compozy.cli.watch.ExecutionWatch;
import io.compozy.client.ApiException;
import io.compozy.client.api.ExecutionsApi;
import io.compozy.client.model.ExecutionPage;
import io.compozy.client.model.ExecutionRequestAccepted;
import io.compozy.client.model.ExecutionSummary;
import io.compozy.client.model.ExecutionView;
import io.compozy.client.model.SignalRequest;
import io.compozy.client.model.TaskView;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compozy executions list|get|watch|cancel|pause|resume|signal}. */
@Command(
    name = "executions",
    description = "Lists, shows, follows and steers workflow executions.",
    subcommands = {
      ExecutionsCommand.ListExecutions.class,
      ExecutionsCommand.GetExecution.class,
      ExecutionsCommand.WatchExecution.class,
      ExecutionsCommand.Cancel.class,
      ExecutionsCommand.Pause.class,
      ExecutionsCommand.Resume.class,
      ExecutionsCommand.Signal.class
    })
public final class ExecutionsCommand {
  @Command(name = "list", description = "Executions, newest first, a page at a time.")
  static final class ListExecutions extends CliCommand {
    @Option(
        names = {"-w", "--workflow"},
        description = "only this workflow's")
    @Nullable String workflowId;

    @Option(
        names = "--status",
        description = "only those in this status (running, success, failed, …)")
    @Nullable String status;

    @Option(names = "--limit", description = "at most this many (1-500, default 50)")
    @Nullable Integer limit;

    @Option(names = "--cursor", description = "the page after this cursor")
    @Nullable String cursor;

    @Override
    public Integer call() {
      Connection api = connect();
      ExecutionPage page =
          api.call(
              () ->
                  new ExecutionsApi(api.client())
                      .listExecutions(workflowId, status, null, null, limit, cursor)
                      .getData());
      printer()
          .print(
              page,
              () -> {
                Table t = new Table("exec id", "workflow", "status", "created", "ended");
                for (ExecutionSummary e : page.getExecutions()) {
                  t.row(
                      e.getExecId(),
                      e.getWorkflowId(),
                      e.getStatus(),
                      e.getCreatedAt(),
                      e.getEndedAt());
                }
                String next = page.getPage() == null ? null : page.getPage().getNextCursor();
                return (t.isEmpty() ? "No executions\n" : t.render())
                    + (next == null ? "" : "more: --cursor " + next + "\n");
              });
      return ExitCode.OK.code();
    }
  }

  @Command(name = "get", description = "One execution: its status, tasks, output or error.")
  static final class GetExecution extends CliCommand {
    @Parameters(paramLabel = "EXEC_ID")
    String execId;

    @Override
    public Integer call() {
      Connection api = connect();
      ExecutionView e =
          api.call(() -> new ExecutionsApi(api.client()).getExecution(execId).getData());
      printer()
          .print(
              e,
              () -> {
                StringBuilder s = new StringBuilder();
                s.append(e.getExecId())
                    .append("  ")
                    .append(e.getWorkflowId())
                    .append("  ")
                    .append(e.getStatus())
                    .append('\n');
                Table tasks = new Table("task", "status", "attempts", "ended");
                if (e.getTasks() != null) {
                  for (Map.Entry<String, TaskView> t : e.getTasks().entrySet()) {
                    tasks.row(
                        t.getKey(),
                        t.getValue().getStatus(),
                        t.getValue().getAttempts(),
                        t.getValue().getEndedAt());
                  }
                }
                if (!tasks.isEmpty()) {
                  s.append('\n').append(tasks.render());
                }
                Object body = e.getError() != null ? e.getError() : e.getOutput();
                if (body != null) {
                  s.append('\n')
                      .append(e.getError() != null ? "error:\n" : "output:\n")
                      .append(Printer.yaml(body));
                }
                return s.toString();
              });
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "watch",
      description = "Follows an execution live to its end (exit 1 if it does not succeed).")
  static final class WatchExecution extends CliCommand {
    @Parameters(paramLabel = "EXEC_ID")
    String execId;

    @Override
    public Integer call() {
      Connection api = connect();
      ExecutionView e =
          api.call(() -> new ExecutionsApi(api.client()).getExecution(execId).getData());
      ExecutionWatch.Ended end =
          ExecutionWatch.forOutput(api, session(), printer().format())
              .follow(execId, e.getWorkflowId());
      ExecutionView last =
          api.call(() -> new ExecutionsApi(api.client()).getExecution(execId).getData());
      printer().print(last, () -> last.getExecId() + " " + end.status() + "\n");
      return end.succeeded() ? ExitCode.OK.code() : ExitCode.EXECUTION_FAILED.code();
    }
  }

  /** cancel, pause and resume: a request the server accepts (202) and carries out soon after. */
  abstract static class Control extends CliCommand {
    @Parameters(index = "0", paramLabel = "EXEC_ID")
    String execId;

    abstract ExecutionRequestAccepted send(ExecutionsApi api) throws ApiException;

    abstract String done();

    @Override
    public Integer call() {
      Connection api = connect();
      ExecutionRequestAccepted answer = api.call(() -> send(new ExecutionsApi(api.client())));
      printer().print(answer, () -> execId + " " + done() + "\n");
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "cancel",
      description = "Cancels an execution (its running tasks are told to stop).")
  static final class Cancel extends Control {
    @Override
    ExecutionRequestAccepted send(ExecutionsApi api) throws ApiException {
      return api.cancelExecution(execId).getData();
    }

    @Override
    String done() {
      return "cancel requested";
    }
  }

  @Command(
      name = "pause",
      description = "Pauses an execution: running tasks finish, no new one starts.")
  static final class Pause extends Control {
    @Override
    ExecutionRequestAccepted send(ExecutionsApi api) throws ApiException {
      return api.pauseExecution(execId).getData();
    }

    @Override
    String done() {
      return "pause requested";
    }
  }

  @Command(name = "resume", description = "Resumes a paused execution.")
  static final class Resume extends Control {
    @Override
    ExecutionRequestAccepted send(ExecutionsApi api) throws ApiException {
      return api.resumeExecution(execId).getData();
    }

    @Override
    String done() {
      return "resume requested";
    }
  }

  @Command(
      name = "signal",
      description = "Sends a signal to an execution (what its wait tasks wait for).")
  static final class Signal extends Control {
    @Parameters(index = "1", paramLabel = "SIGNAL", description = "the signal's name")
    String name;

    @Option(
        names = {"-p", "--payload"},
        paramLabel = "JSON|@FILE|-",
        description = "the signal's payload")
    @Nullable String payload;

    @Override
    ExecutionRequestAccepted send(ExecutionsApi api) throws ApiException {
      return api.signalExecution(
              execId,
              new SignalRequest()
                  .signalName(name)
                  .payload(Inputs.value(payload, "--payload", session())))
          .getData();
    }

    @Override
    String done() {
      return "signal " + name + " sent";
    }
  }
}
