-- TimerFired commands, written in the transaction that takes the due timers, published after commit.
create table outbox (
  id          bigserial primary key,
  producer    text not null,
  topic       text not null,
  message_key text not null,
  message_id  text not null,
  payload     text,
  created_at  timestamptz not null default now()
);
create index outbox_producer_id on outbox (producer, id);

-- Timers that fired, so a redelivered request for one does not set it again.
create table fired_timers (
  timer_id text primary key,
  fired_at timestamptz not null default now()
);
create index fired_timers_fired_at on fired_timers (fired_at);
