/** Settings a service refuses at start, reported in one line. */
@NullMarked
package io.compozy.support.settings;

import org.jspecify.annotations.NullMarked;
