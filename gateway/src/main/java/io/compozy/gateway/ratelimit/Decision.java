package io.compozy.gateway.ratelimit;

/** The bucket's answer: allowed or not, and what the headers tell the client. */
record Decision(
    boolean allowed, int limit, long remaining, long resetSeconds, long retryAfterSeconds) {}
