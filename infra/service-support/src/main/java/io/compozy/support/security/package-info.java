/**
 * Trust between services: the gateway (and the scheduler, for the starts it makes) sign who a call
 * is for as a short-lived JWS under the platform's internal secret; every service verifies it with
 * Spring Security's resource-server support and trusts no identity header.
 */
@NullMarked
package io.compozy.support.security;

import org.jspecify.annotations.NullMarked;
