/** Jackson configuration shared by every service. */
@NullMarked
package io.compozy.contracts.json;

import org.jspecify.annotations.NullMarked;
