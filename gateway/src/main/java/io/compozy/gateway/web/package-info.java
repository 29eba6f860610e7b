/** What every part of the gateway answers with: problem+json written from filters. */
@NullMarked
package io.compozy.gateway.web;

import org.jspecify.annotations.NullMarked;
