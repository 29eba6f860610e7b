package io.compozy.cli.executions;

import io.compozy.cli.CliCommand;
import io.compozy.cli.ExitCode;
import io.compozy.cli.Inputs;
import io.compozy.cli.api.Connection;
import io.compozy.cli.output.OutputFormat;
import io.compozy.cli.output.Printer;
import io.compozy.cli.output.Table;
import io.compozy.cli.watch.ExecutionWatch;
import io.compozy.client.api.ExecutionsApi;
import io.compozy.client.model.CompletedExecution;
import io.compozy.client.model.StartRequest;
import io.compozy.client.model.StartedExecution;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code compozy run WORKFLOW}: starts an execution and prints its id; {@code --sync} waits for its
 * end on the server and prints the output; {@code --watch} follows its events live. Waiting, the
 * exit code says how it ended (1 when it did not succeed).
 */
@Command(
    name = "run",
    description = "Starts a workflow execution; --sync or --watch wait for its end.")
public final class RunCommand extends CliCommand {
  @Parameters(paramLabel = "WORKFLOW", description = "the workflow id")
  String workflowId;

  @Option(
      names = {"-i", "--input"},
      paramLabel = "JSON|@FILE|-",
      description = "the input: JSON or YAML inline, @file, or - for stdin")
  @Nullable String input;

  @Option(
      names = "--sync",
      description = "wait on the server for the end (up to --timeout) and print the output")
  boolean sync;

  @Option(
      names = "--watch",
      description = "follow the execution live: its task tree and a progress line")
  boolean watch;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "with --sync: how long the server waits (1-300, default 60)")
  @Nullable Integer timeout;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "the same key starts one execution, however often sent")
  @Nullable String idempotencyKey;

  @Override
  public Integer call() {
    if (sync && watch) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--sync and --watch are two ways to wait: pick one");
    }
    StartRequest request = new StartRequest().input(Inputs.value(input, "--input", session()));
    if (sync) {
      request.timeout(timeout);
      Duration wait = Duration.ofSeconds((timeout == null ? 60 : timeout) + 15L);
      Connection api = connect(wait);
      CompletedExecution done =
          api.call(
              () ->
                  new ExecutionsApi(api.client())
                      .runWorkflowExecution(workflowId, request, idempotencyKey)
                      .getData());
      Map<String, Object> ended = new LinkedHashMap<>();
      ended.put("exec_id", done.getExecId());
      String status = done.getStatus() == null ? null : done.getStatus().getValue();
      ended.put("status", status);
      ended.put("output", done.getOutput());
      ended.put("error", done.getWorkflow() == null ? null : done.getWorkflow().getError());
      printEnd(ended);
      return "success".equals(status) ? ExitCode.OK.code() : ExitCode.EXECUTION_FAILED.code();
    }
    Connection api = connect();
    StartedExecution started =
        api.call(
            () ->
                new ExecutionsApi(api.client())
                    .startWorkflowExecution(workflowId, request, idempotencyKey)
                    .getData());
    if (!watch) {
      printer()
          .print(
              started,
              () ->
                  new Table("exec id", "workflow", "status")
                      .row(started.getExecId(), started.getWorkflowId(), started.getStatus())
                      .render());
      return ExitCode.OK.code();
    }
    if (printer().format() == OutputFormat.TABLE) {
      session().out().println("started " + started.getExecId());
    }
    ExecutionWatch.Ended end =
        ExecutionWatch.forOutput(api, session(), printer().format())
            .follow(started.getExecId(), workflowId);
    Map<String, Object> ended = new LinkedHashMap<>();
    ended.put("exec_id", started.getExecId());
    ended.put("status", end.status());
    ended.put("output", end.output());
    ended.put("error", end.error());
    printEnd(ended);
    return end.succeeded() ? ExitCode.OK.code() : ExitCode.EXECUTION_FAILED.code();
  }

  /** The end of a run: its status, then its output (or error) as YAML. */
  private void printEnd(Map<String, Object> ended) {
    printer()
        .print(
            ended,
            () -> {
              Object body =
                  "success".equals(ended.get("status")) ? ended.get("output") : ended.get("error");
              return ended.get("exec_id")
                  + " "
                  + ended.get("status")
                  + "\n"
                  + (body == null ? "" : Printer.yaml(body));
            });
  }
}
