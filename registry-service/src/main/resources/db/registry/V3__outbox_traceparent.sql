-- The span an outbox message continues (W3C traceparent), sent as its record's header.
alter table outbox add column traceparent text;
