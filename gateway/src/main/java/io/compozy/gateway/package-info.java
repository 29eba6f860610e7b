/** The gateway. */
@NullMarked
package io.compozy.gateway;

import org.jspecify.annotations.NullMarked;
