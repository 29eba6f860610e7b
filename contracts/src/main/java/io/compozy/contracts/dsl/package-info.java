/**
 * The project language of DSL.md as records, and the loader that reads a project directory. This
 * stage covers the constructs the foundation needs (basic tool tasks, routers, aggregates); the
 * registry issue completes it.
 */
@NullMarked
package io.compozy.contracts.dsl;

import org.jspecify.annotations.NullMarked;
