package io.compozy.execution.run;

import io.compozy.contracts.execution.ExecutionAction;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.id.ExecutionIds;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.CancelExecution;
import io.compozy.contracts.message.EngineCommand;
import io.compozy.contracts.message.PauseExecution;
import io.compozy.contracts.message.ResumeExecution;
import io.compozy.contracts.message.SignalExecution;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.execution.ExecutionRecords;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.OutboxMessage;
import io.compozy.support.problem.ApiProblem;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Cancel, pause, resume and signal: checked against the execution's current status (409 naming it
 * when the move is not allowed), then sent to the orchestrator as commands through the outbox. The
 * orchestrator has the last word: a command that arrives after the status changed is ignored.
 */
@Component
class ExecutionControl {
  private final ExecutionRecords records;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final Clock clock;

  ExecutionControl(ExecutionRecords records, TransactionalOperator tx, Outbox outbox, Clock clock) {
    this.records = records;
    this.tx = tx;
    this.outbox = outbox;
    this.clock = clock;
  }

  Mono<ExecutionStatus> request(
      String execId,
      ExecutionAction action,
      @Nullable String signalName,
      @Nullable Object payload) {
    String messageId = action.wireName() + ":" + ExecutionIds.next("");
    Mono<ExecutionStatus> work =
        records
            .statusLocked(execId)
            .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("execution", execId)))
            .flatMap(
                status -> {
                  if (!action.isAllowedFrom(status)) {
                    return Mono.error(
                        ApiProblem.conflict(
                                "invalid_transition",
                                "execution "
                                    + execId
                                    + " is "
                                    + status.wireName()
                                    + "; "
                                    + action.wireName()
                                    + " needs one of "
                                    + allowing(action))
                            .with("status", status.wireName()));
                  }
                  EngineCommand command =
                      switch (action) {
                        case CANCEL ->
                            new CancelExecution(messageId, execId, "canceled by request");
                        case PAUSE -> new PauseExecution(messageId, execId);
                        case RESUME -> new ResumeExecution(messageId, execId);
                        case SIGNAL ->
                            new SignalExecution(
                                messageId, execId, signalName, payload, clock.instant());
                      };
                  return outbox
                      .append(
                          List.of(
                              new OutboxMessage(
                                  Topics.COMMANDS, execId, messageId, Json.write(command))))
                      .thenReturn(status);
                });
    return tx.transactional(work).doOnSuccess(s -> outbox.wake());
  }

  /** The statuses {@code action} is allowed from, by their wire names, for the 409's message. */
  private static List<String> allowing(ExecutionAction action) {
    return Arrays.stream(ExecutionStatus.values())
        .filter(action::isAllowedFrom)
        .map(ExecutionStatus::wireName)
        .toList();
  }
}
