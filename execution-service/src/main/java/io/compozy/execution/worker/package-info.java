/** Step workers: consume resolved steps, run them, report StepSucceeded or StepFailed. */
@NullMarked
package io.compozy.execution.worker;

import org.jspecify.annotations.NullMarked;
