-- The execution record, shared by execution-service (inserts the pending row) and
-- workflow-service (the only writer after that). Both services run these migrations; Flyway's
-- lock makes the first one apply them and the other validate.

create table executions (
  exec_id          text primary key,
  kind             text not null default 'workflow',
  workflow_id      text not null,
  workflow_version text,
  status           text not null,
  input            jsonb not null default '{}'::jsonb,
  output           jsonb,
  error            jsonb,
  usage            jsonb,
  start_task_id    text,
  state            jsonb,
  request_id       text,
  created_by       text,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  ended_at         timestamptz
);
create index executions_workflow_created on executions (workflow_id, created_at desc, exec_id desc);
create index executions_status_created on executions (status, created_at desc, exec_id desc);
create index executions_created on executions (created_at desc, exec_id desc);

create table task_states (
  exec_id    text not null references executions (exec_id) on delete cascade,
  task_id    text not null,
  status     text not null,
  input      jsonb,
  output     jsonb,
  error      jsonb,
  attempts   integer not null default 0,
  started_at timestamptz,
  ended_at   timestamptz,
  primary key (exec_id, task_id)
);

-- Ids of messages a consumer has applied, so a redelivery is dropped (at-least-once in, once out).
create table processed_messages (
  consumer     text not null,
  message_id   text not null,
  processed_at timestamptz not null default now(),
  primary key (consumer, message_id)
);

-- Messages written in the same transaction as the state they describe, published after commit.
create table outbox (
  id          bigserial primary key,
  producer    text not null,
  topic       text not null,
  message_key text not null,
  message_id  text not null,
  payload     text not null,
  created_at  timestamptz not null default now()
);
create index outbox_producer_id on outbox (producer, id);
