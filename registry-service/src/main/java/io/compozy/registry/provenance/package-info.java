/**
 * Where definitions came from: the registry's version history read as Compozy's {@code
 * /admin/meta}.
 */
@NullMarked
package io.compozy.registry.provenance;

import org.jspecify.annotations.NullMarked;
