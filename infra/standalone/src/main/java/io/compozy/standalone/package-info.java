/** Standalone mode: the whole platform in one process, for trying it and for end-to-end tests. */
@NullMarked
package io.compozy.standalone;

import org.jspecify.annotations.NullMarked;
