/**
 * The stored login and which URL and key a command calls with (flags, then environment, then the
 * login).
 */
@NullMarked
package io.compozy.cli.login;

import org.jspecify.annotations.NullMarked;
