-- The orchestrator applies a batch in one statement, without a transaction around it: it reads
-- the states with their revision, decides, and writes only if each revision is still the one it
-- read (a consumer that took the partition meanwhile, during a rebalance, wrote first).
alter table executions add column revision bigint not null default 0;

-- Fails the statement it is part of (so none of its writes happen) unless ok is true: the check
-- a one-statement write ends with. SQLSTATE 40001 (serialization_failure) says "retry".
create function write_conflict_unless(ok boolean, detail text) returns boolean
language plpgsql as $$
begin
  if not ok then
    raise exception using errcode = '40001', message = detail;
  end if;
  return true;
end
$$;
