/** Topic and header names shared by every service. */
@NullMarked
package io.compozy.contracts.topic;

import org.jspecify.annotations.NullMarked;
