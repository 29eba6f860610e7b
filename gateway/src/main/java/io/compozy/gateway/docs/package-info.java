/** One OpenAPI document for the whole platform, and Swagger UI on it. */
@NullMarked
package io.compozy.gateway.docs;

import org.jspecify.annotations.NullMarked;
