-- Each run of a step by a worker (execution-service): where and when it ran, so an execution's
-- timeline shows how long each task waited in its queue and how long it ran, attempt by attempt,
-- without a trace store. Written by the workers in batches, after the result is sent; a step run
-- again (a redelivery) overwrites its attempt's row.
create table step_runs (
  exec_id    text not null references executions (exec_id) on delete cascade,
  task_id    text not null,
  attempt    integer not null,
  kind       text not null,
  worker     text not null,
  -- when the step's record was written to its topic (the record's timestamp): from here to started_at it waited
  queued_at  timestamptz not null,
  started_at timestamptz not null,
  ended_at   timestamptz not null,
  outcome    text not null,
  primary key (exec_id, task_id, attempt)
);
