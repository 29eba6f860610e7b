/** {@code compozy keys}. */
@NullMarked
package io.compozy.cli.keys;

import org.jspecify.annotations.NullMarked;
