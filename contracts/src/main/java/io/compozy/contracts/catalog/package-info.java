/**
 * A definition as it travels on the compacted topic {@code compozy.resources}; the catalog that
 * reads the topic is {@code io.compozy.support.catalog.ResourceCatalog} (contracts does no I/O).
 */
@NullMarked
package io.compozy.contracts.catalog;

import org.jspecify.annotations.NullMarked;
