/** {@code compozy}, the command line over the REST API: the root command, exit codes, sessions. */
@NullMarked
package io.compozy.cli;

import org.jspecify.annotations.NullMarked;
