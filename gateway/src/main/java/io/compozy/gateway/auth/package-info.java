/** API keys, users and roles: authentication and authorization of every request. */
@NullMarked
package io.compozy.gateway.auth;

import org.jspecify.annotations.NullMarked;
