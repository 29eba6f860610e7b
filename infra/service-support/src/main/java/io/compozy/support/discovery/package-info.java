/** How a service finds the instances of another. */
@NullMarked
package io.compozy.support.discovery;

import org.jspecify.annotations.NullMarked;
