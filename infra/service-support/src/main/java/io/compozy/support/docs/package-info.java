/** The services' OpenAPI documents: settings they share. */
@org.jspecify.annotations.NullMarked
package io.compozy.support.docs;
