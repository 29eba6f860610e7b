/** Routing to the services, with the caller's identity in headers a client cannot forge. */
@NullMarked
package io.compozy.gateway.routing;

import org.jspecify.annotations.NullMarked;
