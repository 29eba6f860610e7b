/** {@code compozy apply}. */
@NullMarked
package io.compozy.cli.apply;

import org.jspecify.annotations.NullMarked;
