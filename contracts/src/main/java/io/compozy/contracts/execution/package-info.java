/**
 * The execution's vocabulary shared by the services: its statuses and their legal moves, its tasks'
 * statuses, what a client may ask of it, and the types of its events. Each rule about them lives
 * here once: workflow-service decides with it, execution-service answers and filters with it.
 */
@NullMarked
package io.compozy.contracts.execution;

import org.jspecify.annotations.NullMarked;
