/** The resource catalog as a Spring bean, with its readiness. */
@NullMarked
package io.compozy.support.catalog;

import org.jspecify.annotations.NullMarked;
