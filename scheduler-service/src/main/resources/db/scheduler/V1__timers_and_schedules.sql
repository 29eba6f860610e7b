-- Durable timers (retry backoff, waits, timeouts, sleeps) and cron schedules.
create table timers (
  timer_id   text primary key,
  exec_id    text not null,
  fire_at    timestamptz not null,
  payload    jsonb not null,
  created_at timestamptz not null default now()
);
create index timers_fire_at on timers (fire_at);

create table schedules (
  workflow_id     text primary key,
  cron            text not null,
  timezone        text not null default 'UTC',
  enabled         boolean not null default true,
  next_run_time   timestamptz,
  last_run_time   timestamptz,
  last_run_status text,
  updated_at      timestamptz not null default now()
);
