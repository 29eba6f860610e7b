package io.compozy.execution.worker;

import io.compozy.contracts.execution.StepKind;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.StepFailed;
import io.compozy.contracts.message.StepResult;
import io.compozy.contracts.message.StepSucceeded;
import io.compozy.contracts.message.ToolStep;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.kafka.AsyncCommits;
import io.compozy.support.kafka.RecordTraces;
import io.compozy.support.tracing.TraceSpans;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Runs the tool steps of a batch concurrently and reports each result on {@code
 * compozy.step-results}; what a tool printed is logged with its execution and task ids. The batch's
 * offsets are committed once every result is acknowledged, so a crash re-runs a step rather than
 * losing it (the orchestrator drops the duplicate result).
 */
@Component
class ToolStepListener {
  private static final Logger log = LoggerFactory.getLogger(ToolStepListener.class);
  private final Tools runner;
  private final StepResults results;
  private final Clock clock;
  private final TraceSpans spans;

  private final StepMetrics metrics;
  private final StepRuns stepRuns;

  ToolStepListener(
      Tools runner,
      StepResults results,
      Clock clock,
      TraceSpans spans,
      StepMetrics metrics,
      StepRuns stepRuns) {
    this.stepRuns = stepRuns;
    this.metrics = metrics;
    this.runner = runner;
    this.results = results;
    this.clock = clock;
    this.spans = spans;
  }

  // a redelivered step runs again, as after a crash, and the orchestrator drops its second result
  @KafkaListener(
      id = "tool-worker",
      topics = Topics.STEPS_TOOL,
      groupId = "execution-service-tools",
      autoStartup = "#{executionRoles.workers()}",
      concurrency = "${compozy.execution.tools.consumers:2}",
      containerPostProcessor = AsyncCommits.BEAN)
  void onBatch(List<ConsumerRecord<String, String>> records) {
    List<CompletableFuture<?>> sends = new ArrayList<>();
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      ToolStep step;
      try {
        step = Json.read(records.get(i).value(), ToolStep.class);
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException("unreadable tool step: " + e.getMessage(), e, i);
      }
      Span span =
          spans.start(
              "tool " + step.toolId(),
              RecordTraces.of(records.get(i).headers()),
              Map.of(
                  "exec_id",
                  step.execId(),
                  "task_id",
                  step.taskId(),
                  "attempt",
                  Integer.toString(step.attempt()),
                  "tool",
                  step.toolId()));
      StepMetrics.Run measured = metrics.start(StepKind.TOOL);
      Instant queued = Instant.ofEpochMilli(records.get(i).timestamp());
      Instant started = clock.instant();
      ToolStep asked = step;
      CompletableFuture<Void> run =
          spans
              .inSpan(
                  span, () -> runner.run(asked)) // the run in Node is a child of the step's span
              .whenComplete(
                  (outcome, e) -> {
                    boolean succeeded = e == null && outcome instanceof ToolOutcome.Succeeded;
                    spans.inSpan(
                        span,
                        () ->
                            measured.end(
                                succeeded)); // the histogram's exemplar names the step's trace
                    stepRuns.record(
                        new StepRuns.Run(
                            step.execId(),
                            step.taskId(),
                            step.attempt(),
                            StepKind.TOOL,
                            queued,
                            started,
                            clock.instant(),
                            succeeded));
                  })
              .thenAccept(
                  outcome -> {
                    metrics.toolRan(step.toolId(), outcome instanceof ToolOutcome.Succeeded);
                    if (outcome instanceof ToolOutcome.Failed f) {
                      span.tag("error", f.error().type());
                    }
                    span.end();
                    synchronized (sends) {
                      sends.add(results.publish(result(step, outcome), spans.traceparent(span)));
                    }
                  });
      if (!waitsForChildren(step)) {
        runs.add(run);
      }
      // a call of a workflow or an agent waits for a child execution whose tool steps may come on
      // this very partition: it is not held in the batch (that would deadlock); if this instance
      // dies meanwhile, the orchestrator retries the step when its start_to_close_timeout passes
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
  }

  static boolean waitsForChildren(ToolStep step) {
    return step.toolId().startsWith("cp__call_");
  }

  private StepResult result(ToolStep step, ToolOutcome outcome) {
    if (!outcome.logs().isEmpty()) {
      log.atInfo()
          .addKeyValue("exec_id", step.execId())
          .addKeyValue("task_id", step.taskId())
          .addKeyValue("tool", step.toolId())
          .addKeyValue("attempt", step.attempt())
          .log("tool output:\n{}", String.join("\n", outcome.logs()));
    }
    String id = "result:" + step.stepId();
    return switch (outcome) {
      case ToolOutcome.Succeeded s ->
          new StepSucceeded(
              id,
              step.execId(),
              step.taskId(),
              step.stepId(),
              step.attempt(),
              s.output(),
              clock.instant());
      case ToolOutcome.Failed f ->
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
