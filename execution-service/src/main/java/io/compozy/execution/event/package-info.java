/** {@code POST /events}: events from users' systems onto {@code compozy.events}, as CloudEvents. */
@NullMarked
package io.compozy.execution.event;

import org.jspecify.annotations.NullMarked;
