/** Definitions in Postgres (schema {@code registry}) and their read API. */
@NullMarked
package io.compozy.registry.resource;

import org.jspecify.annotations.NullMarked;
