/** The registry service: every definition, validated, versioned, and published. */
@NullMarked
package io.compozy.registry;

import org.jspecify.annotations.NullMarked;
