-- The span an outbox message continues (W3C traceparent), sent as its record's header: a message
-- the relay sends late still belongs to its execution's trace.
alter table outbox add column traceparent text;
