/** JSON Schema validation with JSON-pointer violations. */
@NullMarked
package io.compozy.contracts.schema;

import org.jspecify.annotations.NullMarked;
