/** Loading a project directory into the registry and publishing it to {@code compozy.resources}. */
@NullMarked
package io.compozy.registry.publish;

import org.jspecify.annotations.NullMarked;
