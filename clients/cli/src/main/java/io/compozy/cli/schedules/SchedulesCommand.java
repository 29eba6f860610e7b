package io.compozy.cli.schedules;

import io.compozy.cli.CliCommand;
import io.compozy.cli.CliException;
import io.compozy.cli.ExitCode;
import io.compozy.cli.api.Connection;
import io.compozy.cli.output.Table;
import io.compozy.client.api.SchedulesApi;
import io.compozy.client.model.Schedule;
import io.compozy.client.model.ScheduleList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compozy schedules list|get|update|reset}. */
@Command(
    name = "schedules",
    description = "Shows scheduled workflows, and overrides or resets their schedules.",
    subcommands = {
      SchedulesCommand.ListSchedules.class,
      SchedulesCommand.GetSchedule.class,
      SchedulesCommand.UpdateSchedule.class,
      SchedulesCommand.ResetSchedule.class
    })
public final class SchedulesCommand {
  static Table table(List<Schedule> schedules) {
    Table t = new Table("workflow", "cron", "enabled", "next run", "override", "last run");
    schedules.forEach(
        s ->
            t.row(
                s.getWorkflowId(),
                s.getCron(),
                s.getEnabled(),
                s.getNextRunTime(),
                s.getIsOverride(),
                s.getLastRunStatus()));
    return t;
  }

  @Command(name = "list", description = "Every scheduled workflow and its next run.")
  static final class ListSchedules extends CliCommand {
    @Override
    public Integer call() {
      Connection api = connect();
      ScheduleList data = api.call(() -> new SchedulesApi(api.client()).listSchedules().getData());
      printer()
          .print(
              data,
              () -> {
                Table t = table(data.getSchedules());
                return t.isEmpty() ? "No schedules\n" : t.render();
              });
      return ExitCode.OK.code();
    }
  }

  @Command(name = "get", description = "One workflow's schedule.")
  static final class GetSchedule extends CliCommand {
    @Parameters(paramLabel = "WORKFLOW")
    String workflowId;

    @Override
    public Integer call() {
      Connection api = connect();
      Schedule s = api.call(() -> new SchedulesApi(api.client()).getSchedule(workflowId).getData());
      printer().print(s, () -> table(List.of(s)).render());
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "update",
      description =
          "Overrides a schedule until the project changes it (compozy schedules reset undoes it).")
  static final class UpdateSchedule extends CliCommand {
    @Parameters(paramLabel = "WORKFLOW")
    String workflowId;

    @Option(
        names = "--enabled",
        arity = "1",
        paramLabel = "true|false",
        description = "turn the schedule on or off")
    @Nullable Boolean enabled;

    @Option(names = "--cron", description = "a new cron expression")
    @Nullable String cron;

    @Override
    public Integer call() {
      Map<String, Object> change = new LinkedHashMap<>();
      if (enabled != null) {
        change.put("enabled", enabled);
      }
      if (cron != null) {
        change.put("cron", cron);
      }
      if (change.isEmpty()) {
        throw new CliException(
            ExitCode.USAGE, "say what to change: --enabled true|false and/or --cron EXPR");
      }
      Connection api = connect();
      Schedule s =
          api.call(
              () -> new SchedulesApi(api.client()).updateSchedule(workflowId, change).getData());
      printer().print(s, () -> table(List.of(s)).render());
      return ExitCode.OK.code();
    }
  }

  @Command(name = "reset", description = "Drops a schedule's override: it is the project's again.")
  static final class ResetSchedule extends CliCommand {
    @Parameters(paramLabel = "WORKFLOW")
    String workflowId;

    @Override
    public Integer call() {
      Connection api = connect();
      Schedule s =
          api.call(() -> new SchedulesApi(api.client()).resetSchedule(workflowId).getData());
      printer().print(s, () -> table(List.of(s)).render());
      return ExitCode.OK.code();
    }
  }
}
