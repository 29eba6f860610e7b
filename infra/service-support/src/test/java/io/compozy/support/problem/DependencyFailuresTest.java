package io.compozy.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.io.FileNotFoundException;
import java.net.SocketException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;

class DependencyFailuresTest {
  @Test
  void theDriversConnectionAndTimeoutErrorsNameTheirDependency() {
    assertThat(
            DependencyFailures.dependencyOf(
                new DataAccessResourceFailureException(
                    "x", new R2dbcNonTransientResourceException("connection refused"))))
        .isEqualTo("postgres");
    assertThat(DependencyFailures.dependencyOf(new R2dbcTimeoutException("acquire")))
        .isEqualTo("postgres");
    assertThat(
            DependencyFailures.dependencyOf(
                new org.apache.kafka.common.errors.TimeoutException("metadata")))
        .isEqualTo("kafka");
    assertThat(
            DependencyFailures.dependencyOf(new QueryTimeoutException("Redis command timed out")))
        .isEqualTo("a dependency");
    assertThat(
            DependencyFailures.dependencyOf(
                new RuntimeException(new TimeoutException("Did not observe any item"))))
        .isEqualTo("a dependency");
  }

  @Test
  void aConnectionResetUnderACommandInFlightIsADependencysFailure() {
    // the native transport's error (its class needs the transport's library loaded, as on Linux)
    Assumptions.assumeTrue(Epoll.isAvailable(), "no native epoll transport here");
    assertThat(
            DependencyFailures.dependencyOf(new Errors.NativeIoException("recvAddress(..)", -104)))
        .isEqualTo("a dependency");
    assertThat(DependencyFailures.dependencyOf(new SocketException("Connection reset")))
        .isEqualTo("a dependency");
    assertThat(DependencyFailures.dependencyOf(new FileNotFoundException("project.yaml"))).isNull();
  }

  @Test
  void bugsAndBadDataAreNotADependencysFailure() {
    assertThat(DependencyFailures.dependencyOf(new NullPointerException())).isNull();
    assertThat(DependencyFailures.dependencyOf(new R2dbcBadGrammarException("syntax error")))
        .isNull();
    assertThat(
            DependencyFailures.dependencyOf(
                new IllegalStateException(new IllegalArgumentException("x"))))
        .isNull();
  }

  @Test
  void aCauseChainIsWalkedBoundedEvenWhenItLoops() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(DependencyFailures.dependencyOf(a)).isNull();
  }
}
