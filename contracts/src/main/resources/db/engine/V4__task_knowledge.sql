-- The knowledge chunks an agent task read before its model call (base, source, chunk, score),
-- shown in the execution's record.
alter table task_states add column knowledge jsonb;
