create table users (
  user_id    text primary key,
  email      text not null unique,
  role       text not null check (role in ('read', 'write', 'admin')),
  created_at timestamptz not null default now()
);

-- API keys are kept only as a keyed hash (HMAC-SHA-256 with the server secret) and a display prefix.
create table api_keys (
  key_id       text primary key,
  user_id      text not null references users (user_id) on delete cascade,
  key_hash     bytea not null unique,
  prefix       text not null,
  name         text,
  role         text check (role in ('read', 'write', 'admin')),
  created_at   timestamptz not null default now(),
  expires_at   timestamptz,
  revoked_at   timestamptz,
  last_used_at timestamptz
);
create index api_keys_user on api_keys (user_id);
