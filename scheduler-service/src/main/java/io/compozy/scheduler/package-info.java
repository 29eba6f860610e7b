/** The scheduler service. */
@NullMarked
package io.compozy.scheduler;

import org.jspecify.annotations.NullMarked;
