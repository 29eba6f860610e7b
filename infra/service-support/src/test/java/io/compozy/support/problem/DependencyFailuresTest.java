package io.compozy.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;

class DependencyFailuresTest {
  @Test
  void theDriversConnectionAndTimeoutErrorsNameTheirDependency() {
    assertThat(DependencyFailures.dependencyOf(new DataAccessResourceFailureException("x",
        new io.r2dbc.spi.R2dbcNonTransientResourceException("connection refused")))).isEqualTo("postgres");
    assertThat(DependencyFailures.dependencyOf(new io.r2dbc.spi.R2dbcTimeoutException("acquire"))).isEqualTo("postgres");
    assertThat(DependencyFailures.dependencyOf(new org.apache.kafka.common.errors.TimeoutException("metadata"))).isEqualTo("kafka");
    assertThat(DependencyFailures.dependencyOf(new QueryTimeoutException("Redis command timed out"))).isEqualTo("a dependency");
    assertThat(DependencyFailures.dependencyOf(new RuntimeException(new TimeoutException("Did not observe any item")))).isEqualTo("a dependency");
  }

  @Test
  void aConnectionResetUnderACommandInFlightIsADependencysFailure() {
    // the native transport's error (its class needs the transport's library loaded, as on Linux)
    org.junit.jupiter.api.Assumptions.assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(), "no native epoll transport here");
    assertThat(DependencyFailures.dependencyOf(new io.netty.channel.unix.Errors.NativeIoException("recvAddress(..)", -104))).isEqualTo("a dependency");
    assertThat(DependencyFailures.dependencyOf(new java.net.SocketException("Connection reset"))).isEqualTo("a dependency");
    assertThat(DependencyFailures.dependencyOf(new java.io.FileNotFoundException("project.yaml"))).isNull();
  }

  @Test
  void bugsAndBadDataAreNotADependencysFailure() {
    assertThat(DependencyFailures.dependencyOf(new NullPointerException())).isNull();
    assertThat(DependencyFailures.dependencyOf(new io.r2dbc.spi.R2dbcBadGrammarException("syntax error"))).isNull();
    assertThat(DependencyFailures.dependencyOf(new IllegalStateException(new IllegalArgumentException("x")))).isNull();
  }

  @Test
  void aCauseChainIsWalkedBoundedEvenWhenItLoops() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(DependencyFailures.dependencyOf(a)).isNull();
  }
}
