/**
 * Knowledge bases on this instance: ingesting their sources into the embedded index, and answering
 * queries.
 */
@NullMarked
package io.compozy.execution.knowledge;

import org.jspecify.annotations.NullMarked;
