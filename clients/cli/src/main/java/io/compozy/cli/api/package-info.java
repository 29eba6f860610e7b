/** The generated client as the commands use it, and how its failures read and exit. */
@NullMarked
package io.compozy.cli.api;

import org.jspecify.annotations.NullMarked;
