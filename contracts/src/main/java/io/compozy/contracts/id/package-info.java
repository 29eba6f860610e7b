/** Identifier formats. */
@NullMarked
package io.compozy.contracts.id;

import org.jspecify.annotations.NullMarked;
