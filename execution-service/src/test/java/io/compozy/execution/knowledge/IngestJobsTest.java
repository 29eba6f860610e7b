package io.compozy.execution.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.message.IngestStatus;
import io.compozy.infra.embedded.Endpoints;
import io.compozy.infra.embedded.TestInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Ingestion jobs on the real Redis: a document step delivered twice (a restart before its offset
 * was committed) counts once, the last document moves the job to finishing, a canceled job counts
 * nothing more, and an ended job cannot be canceled.
 */
class IngestJobsTest {
  static LettuceConnectionFactory redis;
  static IngestJobs jobs;
  static final Duration T = Duration.ofSeconds(10);

  @BeforeAll
  static void start() {
    Endpoints e = TestInfrastructure.shared().endpoints();
    var config = new RedisStandaloneConfiguration(e.redisHost(), e.redisPort());
    config.setPassword(e.redisPassword());
    redis = new LettuceConnectionFactory(config);
    redis.afterPropertiesSet();
    redis.start();
    jobs = new IngestJobs(new ReactiveStringRedisTemplate(redis), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    redis.destroy();
  }

  @Test
  void aDocumentDeliveredTwiceCountsOnceAndTheLastOneFinishesTheJob() {
    IngestJob job = jobs.create("kb-twice").block(T);
    assertThat(job.state()).isEqualTo(IngestStatus.QUEUED);
    assertThat(jobs.plan(job.jobId(), List.of("a.md", "b.md")).block(T)).isTrue();
    assertThat(jobs.documentDone(job.jobId(), "a.md", 4, 4, 0, 0).block(T))
        .isEqualTo(IngestJobs.DocumentCount.MORE_TO_COME);
    assertThat(jobs.documentDone(job.jobId(), "a.md", 4, 0, 4, 0).block(T))
        .isEqualTo(IngestJobs.DocumentCount.ALREADY_COUNTED);
    assertThat(jobs.documentDone(job.jobId(), "b.md", 3, 1, 2, 1).block(T))
        .isEqualTo(IngestJobs.DocumentCount.LAST);
    IngestJob finishing = jobs.get(job.jobId()).block(T).orElseThrow();
    assertThat(finishing.state()).isEqualTo(IngestStatus.FINISHING);
    assertThat(finishing)
        .extracting(
            IngestJob::documentsDone,
            IngestJob::documentsTotal,
            IngestJob::chunks,
            IngestJob::embedded,
            IngestJob::kept,
            IngestJob::deleted)
        .containsExactly(2, 2, 7, 5, 2, 1);
    assertThat(jobs.planned(job.jobId()).block(T)).containsExactlyInAnyOrder("a.md", "b.md");
    assertThat(
            jobs.transition(
                    job.jobId(),
                    Set.of(IngestStatus.FINISHING),
                    IngestStatus.SUCCEEDED,
                    Map.of("deleted", "3"))
                .block(T))
        .isTrue();
    IngestJob done = jobs.get(job.jobId()).block(T).orElseThrow();
    assertThat(done.state()).isEqualTo(IngestStatus.SUCCEEDED);
    assertThat(done.deleted()).isEqualTo(3);
    assertThat(done.finishedAt()).isNotNull();
  }

  @Test
  void aCanceledJobCountsNothingMoreAndAnEndedJobCannotBeCanceled() {
    IngestJob job = jobs.create("kb-cancel").block(T);
    jobs.plan(job.jobId(), List.of("a.md", "b.md", "c.md")).block(T);
    jobs.documentDone(job.jobId(), "a.md", 1, 1, 0, 0).block(T);
    Set<IngestStatus> open =
        Set.of(IngestStatus.QUEUED, IngestStatus.RUNNING, IngestStatus.FINISHING);
    assertThat(jobs.transition(job.jobId(), open, IngestStatus.CANCELED, Map.of()).block(T))
        .isTrue();
    assertThat(jobs.documentDone(job.jobId(), "b.md", 1, 1, 0, 0).block(T))
        .isEqualTo(IngestJobs.DocumentCount.JOB_NOT_RUNNING);
    assertThat(jobs.transition(job.jobId(), open, IngestStatus.CANCELED, Map.of()).block(T))
        .isFalse();
    // a plan step delivered again does not bring a canceled job back
    assertThat(jobs.plan(job.jobId(), List.of("a.md")).block(T)).isFalse();
    IngestJob canceled = jobs.get(job.jobId()).block(T).orElseThrow();
    assertThat(canceled.state()).isEqualTo(IngestStatus.CANCELED);
    assertThat(canceled.documentsDone()).isEqualTo(1);
  }

  @Test
  void aBaseKeepsItsRecentJobsNewestFirst() {
    String kb = "kb-recent-" + System.nanoTime();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < IngestJobs.RECENT + 3; i++) {
      ids.add(jobs.create(kb).block(T).jobId());
    }
    List<IngestJob> recent = jobs.recent(kb).block(T);
    assertThat(recent).hasSize(IngestJobs.RECENT);
    assertThat(recent.getFirst().jobId()).isEqualTo(ids.getLast());
    assertThat(recent.getLast().jobId()).isEqualTo(ids.get(3));
    assertThat(jobs.get("ing_unknown").block(T)).isEmpty();
  }
}
