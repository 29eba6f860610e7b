/** A polling loop that can be woken: the shape of the outbox relay and the timer firing. */
@NullMarked
package io.compozy.support.loop;

import org.jspecify.annotations.NullMarked;
