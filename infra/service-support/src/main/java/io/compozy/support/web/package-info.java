/** HTTP conventions every service shares: request ids and the success envelope. */
@NullMarked
package io.compozy.support.web;

import org.jspecify.annotations.NullMarked;
