package io.compozy.execution.run;

import com.fasterxml.jackson.annotation.JsonValue;
import io.compozy.contracts.id.ExecutionIds;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.CancelExecution;
import io.compozy.contracts.message.EngineCommand;
import io.compozy.contracts.message.PauseExecution;
import io.compozy.contracts.message.ResumeExecution;
import io.compozy.contracts.message.SignalExecution;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.OutboxMessage;
import io.compozy.support.problem.ApiProblem;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
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
  /** What a client may ask of an execution, and the statuses each is allowed from. */
  enum Action {
    CANCEL(Set.of("pending", "running", "waiting", "paused")),
    PAUSE(Set.of("running", "waiting")),
    RESUME(Set.of("paused")),
    SIGNAL(Set.of("pending", "running", "waiting", "paused"));

    final Set<String> allowedFrom;

    Action(Set<String> allowedFrom) {
      this.allowedFrom = allowedFrom;
    }

    @JsonValue
    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final Clock clock;

  ExecutionControl(DatabaseClient db, TransactionalOperator tx, Outbox outbox, Clock clock) {
    this.db = db;
    this.tx = tx;
    this.outbox = outbox;
    this.clock = clock;
  }

  Mono<String> request(
      String execId, Action action, @Nullable String signalName, @Nullable Object payload) {
    String messageId = action.wireName() + ":" + ExecutionIds.next("");
    Mono<String> work =
        db.sql("select status from engine.executions where exec_id = :id for share")
            .bind("id", execId)
            .map(r -> r.get("status", String.class))
            .one()
            .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("execution", execId)))
            .flatMap(
                status -> {
                  if (!action.allowedFrom.contains(status)) {
                    return Mono.error(
                        ApiProblem.conflict(
                                "invalid_transition",
                                "execution "
                                    + execId
                                    + " is "
                                    + status
                                    + "; "
                                    + action.wireName()
                                    + " needs one of "
                                    + action.allowedFrom)
                            .with("status", status));
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
}
