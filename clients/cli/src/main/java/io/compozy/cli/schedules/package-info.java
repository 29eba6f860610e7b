/** {@code compozy schedules}. */
@NullMarked
package io.compozy.cli.schedules;

import org.jspecify.annotations.NullMarked;
