-- The span that set a timer (W3C traceparent): its firing continues the execution's trace.
alter table timers add column traceparent text;
