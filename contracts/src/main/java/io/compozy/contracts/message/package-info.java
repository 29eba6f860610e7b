/** The records services exchange over Kafka; each topic's value type is named in its Javadoc. */
@NullMarked
package io.compozy.contracts.message;

import org.jspecify.annotations.NullMarked;
