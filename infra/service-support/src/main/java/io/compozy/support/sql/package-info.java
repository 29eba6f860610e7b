/** Values bound into SQL statements through R2DBC. */
@NullMarked
package io.compozy.support.sql;

import org.jspecify.annotations.NullMarked;
