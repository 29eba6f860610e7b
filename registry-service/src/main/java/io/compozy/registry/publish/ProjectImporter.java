package io.compozy.registry.publish;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.catalog.ResourceKinds;
import io.compozy.contracts.dsl.AgentDef;
import io.compozy.contracts.dsl.LoadedProject;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.ProjectLoader;
import io.compozy.contracts.dsl.RuntimeDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.topic.Topics;
import io.compozy.registry.resource.ResourceStore;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.OutboxMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * At start, loads the configured project directory into the registry (a new version only where a
 * definition changed) and publishes every current definition to {@code compozy.resources}, so
 * every catalog converges even if the topic lost data.
 */
@Component
class ProjectImporter implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(ProjectImporter.class);
  private final RegistryProperties properties;
  private final ResourceStore store;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final Clock clock;

  ProjectImporter(RegistryProperties properties, ResourceStore store, Outbox outbox, TransactionalOperator tx, Clock clock) {
    this.properties = properties;
    this.store = store;
    this.outbox = outbox;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    Mono<Void> load = properties.projectDir() == null || properties.projectDir().isBlank()
        ? Mono.empty()
        : importProject(ProjectLoader.load(Path.of(properties.projectDir())));
    // start-up work: the application is not ready before its project is stored and published
    tx.transactional(load.then(republishAll())).then(Mono.fromRunnable(outbox::wake)).block();
  }

  private Mono<Void> importProject(LoadedProject loaded) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    ProjectDef p = resolvePaths(loaded);
    String project = p.name();
    List<Mono<ResourceDocument>> writes = new ArrayList<>();
    writes.add(store.upsert(project, ResourceKinds.PROJECT, project, p, now, "project-loader"));
    for (WorkflowDef wf : loaded.workflows()) {
      writes.add(store.upsert(project, ResourceKinds.WORKFLOW, wf.id(), wf, now, "project-loader"));
    }
    for (ToolDef tool : p.toolsOrEmpty()) {
      writes.add(store.upsert(project, ResourceKinds.TOOL, tool.id(), tool, now, "project-loader"));
    }
    for (AgentDef agent : loaded.agents()) {
      writes.add(store.upsert(project, ResourceKinds.AGENT, agent.id(), agent, now, "project-loader"));
    }
    return Flux.concat(writes).then()
        .doOnSuccess(v -> log.info("loaded project '{}' from {}: {} workflow(s), {} agent(s)", project, loaded.root(),
            loaded.workflows().size(), loaded.agents().size()));
  }

  /** The runtime entrypoint, relative in compozy.yaml, becomes absolute so workers can find it. */
  private static ProjectDef resolvePaths(LoadedProject loaded) {
    ProjectDef p = loaded.project();
    RuntimeDef rt = p.runtime();
    if (rt == null || rt.entrypoint() == null) {
      return p;
    }
    String entry = loaded.root().resolve(rt.entrypoint()).normalize().toString();
    return p.withRuntime(new RuntimeDef(rt.type(), entry, rt.toolExecutionTimeout()));
  }

  private Mono<Void> republishAll() {
    return store.all()
        .map(d -> new OutboxMessage(Topics.RESOURCES, d.key(), "resource:" + d.key() + ":" + d.version(), Json.write(d)))
        .collectList()
        .flatMap(outbox::append);
  }
}
