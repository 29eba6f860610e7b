/** {@code compozy workflows}. */
@NullMarked
package io.compozy.cli.workflows;

import org.jspecify.annotations.NullMarked;
