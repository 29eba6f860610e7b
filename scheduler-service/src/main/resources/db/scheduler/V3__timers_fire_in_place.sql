-- A fired timer stays as a row (fired_at set) instead of moving to fired_timers, so a late
-- duplicate request for it conflicts on the primary key and never sets it again: the old
-- check-then-insert against fired_timers could race with a concurrent firing and fire twice.
alter table timers add column fired_at timestamptz;
insert into timers (timer_id, exec_id, fire_at, payload, fired_at)
  select timer_id, '', fired_at, '{}'::jsonb, fired_at from fired_timers on conflict do nothing;
drop table fired_timers;
drop index timers_fire_at;
create index timers_due on timers (fire_at) where fired_at is null;
create index timers_fired_at on timers (fired_at) where fired_at is not null;
