/**
 * The agent worker: consumes {@code compozy.steps.agent}, runs the tool loop against the step's
 * model (OpenAI and OpenAI-compatible providers through Spring AI, or the offline mock), calls the
 * agent's tools, checks structured output, and answers on {@code compozy.step-results}.
 */
@NullMarked
package io.compozy.execution.agent;

import org.jspecify.annotations.NullMarked;
