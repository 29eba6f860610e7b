/** Auto-configuration of the wiring every service shares. */
@NullMarked
package io.compozy.support;

import org.jspecify.annotations.NullMarked;
