/** Rate limiting: a Redis token bucket per API key (per client IP when anonymous). */
@NullMarked
package io.compozy.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;
