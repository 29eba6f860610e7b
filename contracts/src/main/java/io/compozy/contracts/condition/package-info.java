/** CEL conditions: compiled once, evaluated over plain Java values. Pure. */
@NullMarked
package io.compozy.contracts.condition;

import org.jspecify.annotations.NullMarked;
