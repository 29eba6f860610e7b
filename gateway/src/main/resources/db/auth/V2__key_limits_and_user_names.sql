-- Per-key rate limit overrides (tokens per second and bucket size), set by an admin.
alter table api_keys add column rate_limit double precision check (rate_limit > 0);
alter table api_keys add column rate_burst integer check (rate_burst > 0);

alter table users add column name text;
alter table users add column updated_at timestamptz not null default now();
