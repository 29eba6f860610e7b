package io.compozy.execution.agent;

import io.compozy.contracts.execution.StepKind;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.StepFailed;
import io.compozy.contracts.message.StepResult;
import io.compozy.contracts.message.StepSucceeded;
import io.compozy.contracts.topic.Topics;
import io.compozy.execution.worker.StepMetrics;
import io.compozy.execution.worker.StepResults;
import io.compozy.execution.worker.StepRuns;
import io.compozy.support.kafka.RecordTraces;
import io.compozy.support.tracing.TraceSpans;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Starts the agent steps of a batch and reports each result on {@code compozy.step-results} when it
 * comes. The batch is not held until they end: an agent may wait minutes for a model, or for a
 * child execution whose own steps come on this very topic (holding the batch would deadlock them).
 * At most {@code compozy.agents.in-flight} steps run at once per instance; a step lost with its
 * instance is retried by the orchestrator when its {@code start_to_close_timeout} passes, as a
 * Temporal activity is.
 */
@Component
class AgentStepListener {
  private static final Logger log = LoggerFactory.getLogger(AgentStepListener.class);
  private final AgentRunner runner;
  private final StepResults results;
  private final Clock clock;

  private final Semaphore inFlight;

  private final TraceSpans spans;

  private final StepMetrics metrics;
  private final StepRuns stepRuns;

  AgentStepListener(
      AgentRunner runner,
      StepResults results,
      Clock clock,
      TraceSpans spans,
      StepMetrics metrics,
      StepRuns stepRuns,
      @Value("${compozy.agents.in-flight:64}") int inFlight) {
    this.spans = spans;
    this.metrics = metrics;
    this.stepRuns = stepRuns;
    this.runner = runner;
    this.results = results;
    this.clock = clock;
    this.inFlight = new Semaphore(inFlight);
  }

  @KafkaListener(
      id = "agent-worker",
      topics = Topics.STEPS_AGENT,
      groupId = "execution-service-agents",
      autoStartup = "#{executionRoles.workers()}",
      concurrency = "${compozy.agents.consumers:2}")
  void onBatch(List<ConsumerRecord<String, String>> records) {
    for (int i = 0; i < records.size(); i++) {
      AgentStep step;
      try {
        step = Json.read(records.get(i).value(), AgentStep.class);
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException("unreadable agent step: " + e.getMessage(), e, i);
      }
      inFlight.acquireUninterruptibly(); // back-pressure: the poll waits while the instance is full
      Span span =
          spans.start(
              "agent " + step.agentId(),
              RecordTraces.of(records.get(i).headers()),
              Map.of(
                  "exec_id",
                  step.execId(),
                  "task_id",
                  step.taskId(),
                  "attempt",
                  Integer.toString(step.attempt())));
      StepMetrics.Run measured = metrics.start(StepKind.AGENT);
      Instant queued = Instant.ofEpochMilli(records.get(i).timestamp());
      Instant started = clock.instant();
      runner
          .run(step, span)
          .whenComplete(
              (outcome, e) -> {
                boolean succeeded = e == null && outcome instanceof AgentOutcome.Succeeded;
                spans.inSpan(
                    span,
                    () ->
                        measured.end(succeeded)); // the histogram's exemplar names the step's trace
                stepRuns.record(
                    new StepRuns.Run(
                        step.execId(),
                        step.taskId(),
                        step.attempt(),
                        StepKind.AGENT,
                        queued,
                        started,
                        clock.instant(),
                        succeeded));
              })
          .thenCompose(
              outcome -> {
                metrics.modelsUsed(outcome.usage());
                AgentSpans.describe(span, outcome);
                span.end();
                return results.publish(result(step, outcome), spans.traceparent(span));
              })
          .whenComplete(
              (r, e) -> {
                inFlight.release();
                if (e != null) {
                  log.warn(
                      "the result of agent step {} could not be published; the orchestrator's step"
                          + " timeout will retry it",
                      step.stepId(),
                      e);
                }
              });
    }
  }

  private StepResult result(AgentStep step, AgentOutcome outcome) {
    String id = "result:" + step.stepId();
    return switch (outcome) {
      case AgentOutcome.Succeeded s ->
          new StepSucceeded(
              id,
              step.execId(),
              step.taskId(),
              step.stepId(),
              step.attempt(),
              s.output(),
              clock.instant(),
              s.usage(),
              s.knowledge().isEmpty() ? null : s.knowledge());
      case AgentOutcome.Failed f ->
          new StepFailed(
              id,
              step.execId(),
              step.taskId(),
              step.stepId(),
              step.attempt(),
              f.error(),
              f.retryable(),
              clock.instant());
    };
  }
}
