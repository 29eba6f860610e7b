package io.compozy.registry.publish;

import io.compozy.contracts.dsl.LoadedProject;
import io.compozy.contracts.dsl.ProjectLoader;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.topic.Topics;
import io.compozy.registry.resource.DefinitionChecks;
import io.compozy.registry.resource.ResourceStore;
import io.compozy.registry.transfer.ProjectImport;
import io.compozy.registry.transfer.RegistryProperties;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.OutboxMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * At start, loads the configured project directory into the registry (checked whole first; a new
 * version only where a definition changed) and publishes every current definition to {@code
 * compozy.resources}, so every catalog converges even if the topic lost data.
 */
@Component
public class ProjectImporter implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(ProjectImporter.class);

  /** Who the versions written from the project directory are by. */
  public static final String LOADER = "project-loader";

  private final RegistryProperties properties;
  private final ResourceStore store;
  private final DefinitionChecks checks;
  private final ProjectImport projects;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final Clock clock;

  ProjectImporter(
      RegistryProperties properties,
      ResourceStore store,
      DefinitionChecks checks,
      ProjectImport projects,
      Outbox outbox,
      TransactionalOperator tx,
      Clock clock) {
    this.properties = properties;
    this.store = store;
    this.checks = checks;
    this.projects = projects;
    this.outbox = outbox;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    Mono<Void> load =
        properties.projectDir() == null || properties.projectDir().isBlank()
            ? Mono.empty()
            : checks
                .stored()
                .map(known -> ProjectLoader.load(Path.of(properties.projectDir()), known))
                .flatMap(this::store);
    // start-up work: the application is not ready before its project is stored and published
    tx.transactional(load.then(republishAll())).then(Mono.fromRunnable(outbox::wake)).block();
  }

  /** The project directory the registry loads, if it has one. */
  Optional<Path> projectDir() {
    return properties.projectDir() == null || properties.projectDir().isBlank()
        ? Optional.empty()
        : Optional.of(Path.of(properties.projectDir()));
  }

  private Mono<Void> store(LoadedProject loaded) {
    loaded.warnings().forEach(w -> log.warn("{}", w));
    return projects
        .seed(loaded, clock.instant().truncatedTo(ChronoUnit.MICROS), LOADER)
        .doOnNext(
            r -> {
              log.info(
                  "loaded project '{}' from {}: {} workflow(s), {} agent(s); {} definition(s) new,"
                      + " {} changed, {} unchanged",
                  loaded.written().name(),
                  loaded.root(),
                  loaded.workflows().size(),
                  loaded.agents().size(),
                  r.created(),
                  r.updated(),
                  r.unchanged());
              r.kept()
                  .forEach(
                      k ->
                          log.warn(
                              "kept the API's version of {}: it was changed through the API since"
                                  + " the project directory was loaded, and a restart does not undo"
                                  + " that (POST /api/v0/admin/import the directory's zip to take"
                                  + " its version)",
                              k));
            })
        .then();
  }

  /** Every current definition published again (in the caller's transaction); how many. */
  Mono<Integer> republishAll() {
    return store
        .all()
        .map(
            d ->
                new OutboxMessage(
                    Topics.RESOURCES,
                    d.key(),
                    "resource:" + d.key() + ":" + d.version(),
                    Json.write(d)))
        .collectList()
        .flatMap(all -> outbox.append(all).thenReturn(all.size()));
  }
}
