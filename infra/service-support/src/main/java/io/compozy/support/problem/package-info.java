/** RFC 9457 problem+json answers with stable codes and the request id. */
@NullMarked
package io.compozy.support.problem;

import org.jspecify.annotations.NullMarked;
