-- An execution runs the definition it started with: a copy of it and the registry version it had.
alter table executions add column definition jsonb;
alter table executions add column definition_version bigint;
