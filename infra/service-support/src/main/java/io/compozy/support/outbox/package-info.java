/** The transactional outbox: state and the messages about it commit together. */
@NullMarked
package io.compozy.support.outbox;

import org.jspecify.annotations.NullMarked;
