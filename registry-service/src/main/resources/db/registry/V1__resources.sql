-- Every definition of the project language, current version and history.
create table resources (
  project    text not null,
  kind       text not null,
  id         text not null,
  version    bigint not null,
  body       jsonb not null,
  etag       text not null,
  updated_at timestamptz not null,
  updated_by text,
  primary key (project, kind, id)
);

create table resource_versions (
  project    text not null,
  kind       text not null,
  id         text not null,
  version    bigint not null,
  body       jsonb,
  deleted    boolean not null default false,
  changed_at timestamptz not null,
  changed_by text,
  primary key (project, kind, id, version)
);

-- Changes waiting to be published to compozy.resources, written with the change itself.
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
