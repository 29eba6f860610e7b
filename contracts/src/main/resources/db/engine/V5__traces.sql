-- The span an outbox message continues (W3C traceparent), sent as its record's header: a message
-- the relay sends late still belongs to its execution's trace.
alter table outbox add column traceparent text;

-- The trace an execution runs in (the W3C trace id of the request or record that started it):
-- shown with the execution, to open its trace in the trace store.
alter table executions add column trace_id text;
