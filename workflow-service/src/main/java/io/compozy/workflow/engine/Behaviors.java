package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.AggregateTask;
import io.compozy.contracts.dsl.BasicTask;
import io.compozy.contracts.dsl.CollectionTask;
import io.compozy.contracts.dsl.CompositeTask;
import io.compozy.contracts.dsl.MemoryTask;
import io.compozy.contracts.dsl.ParallelTask;
import io.compozy.contracts.dsl.RouterTask;
import io.compozy.contracts.dsl.SignalTask;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.dsl.WaitTask;

/** The behavior of each task type; stateless, shared by every decision. */
final class Behaviors {
  final BasicTaskBehavior basic = new BasicTaskBehavior();
  final RouterTaskBehavior router = new RouterTaskBehavior();
  final AggregateTaskBehavior aggregate = new AggregateTaskBehavior();
  final FanoutTaskBehavior fanout = new FanoutTaskBehavior();
  final WaitTaskBehavior wait = new WaitTaskBehavior();
  final SignalTaskBehavior signal = new SignalTaskBehavior();
  final MemoryTaskBehavior memory = new MemoryTaskBehavior();

  TaskBehavior of(TaskDef def) {
    return switch (def) {
      case BasicTask b -> basic;
      case RouterTask r -> router;
      case AggregateTask a -> aggregate;
      case ParallelTask p -> fanout;
      case CompositeTask c -> fanout;
      case CollectionTask c -> fanout;
      case WaitTask w -> wait;
      case SignalTask s -> signal;
      case MemoryTask m -> memory;
    };
  }

  boolean isWait(TaskDef def) {
    return def instanceof WaitTask;
  }
}
