-- Cron schedules, one per workflow with a `schedule:` block: the definition's spec, a PATCH
-- override (dropped when the definition changes), and when it fires next. A firing replica holds
-- the row (FOR UPDATE SKIP LOCKED); each scheduled time has a unique fire key.
drop table schedules;
create table schedules (
  workflow_id        text primary key,
  definition_version bigint not null,
  spec               jsonb not null,
  override           jsonb,
  next_run_time      timestamptz,
  fire_at            timestamptz,
  last_run_time      timestamptz,
  last_run_status    text,
  last_exec_id       text,
  buffered           timestamptz,
  error              text,
  updated_at         timestamptz not null default now()
);
create index schedules_due on schedules (fire_at) where fire_at is not null;
create index schedules_buffered on schedules (workflow_id) where buffered is not null;

create table schedule_fires (
  fire_key     text primary key,
  workflow_id  text not null,
  scheduled_at timestamptz not null,
  exec_id      text,
  outcome      text not null,
  fired_at     timestamptz not null default now()
);
create index schedule_fires_workflow on schedule_fires (workflow_id, scheduled_at desc);
