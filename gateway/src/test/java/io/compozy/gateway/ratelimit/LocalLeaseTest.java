package io.compozy.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalLeaseTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void leasedTokensAreGivenOutUntilTheyAreUsedUp() {
    LocalLease lease = new LocalLease(0);
    assertThat(lease.tryTake(1)).as("nothing leased yet").isEqualTo(-1);
    lease.leased(2, 100, 3, 10, SECOND);
    assertThat(lease.remaining()).isEqualTo(102);
    assertThat(lease.tryTake(20)).as("tokens left").isEqualTo(1);
    assertThat(lease.tryTake(30)).isEqualTo(0);
    assertThat(lease.tryTake(40)).isEqualTo(-1);
    assertThat(lease.remaining()).isEqualTo(100);
    assertThat(lease.resetSeconds()).isEqualTo(3);
  }

  @Test
  void tokensLeftWhenTheLeaseEndsAreNotGivenOut() {
    LocalLease lease = new LocalLease(0);
    lease.leased(5, 0, 1, 0, SECOND);
    assertThat(lease.tryTake(SECOND)).isEqualTo(-1);
    lease.leased(1, 0, 1, 2 * SECOND, SECOND);
    assertThat(lease.tryTake(2 * SECOND + 1)).isEqualTo(0);
    assertThat(lease.tryTake(2 * SECOND + 2))
        .as("the ended lease's tokens were dropped, not added")
        .isEqualTo(-1);
  }

  @Test
  void aRunningLeaseGrowsWithTheNextOne() {
    LocalLease lease = new LocalLease(0);
    lease.leased(1, 10, 1, 0, SECOND);
    lease.leased(1, 9, 1, 5, SECOND);
    assertThat(lease.tryTake(6)).isEqualTo(1);
    assertThat(lease.tryTake(7)).isEqualTo(0);
    assertThat(lease.tryTake(8)).isEqualTo(-1);
  }

  @Test
  void oneLeaseIsAskedForAtATime() {
    LocalLease lease = new LocalLease(0);
    assertThat(lease.startLeasing()).isTrue();
    assertThat(lease.startLeasing()).isFalse();
    lease.leasingDone();
    assertThat(lease.startLeasing()).isTrue();
  }

  @Test
  void theNextLeaseIsDueOnceUnderHalfOfOneIsLeft() {
    assertThat(TokenBuckets.renewalDue(19, 20)).isFalse();
    assertThat(TokenBuckets.renewalDue(10, 20)).isFalse();
    assertThat(TokenBuckets.renewalDue(9, 20)).isTrue();
    assertThat(TokenBuckets.renewalDue(0, 20)).isTrue();
  }

  @Test
  void aLeaseIsATenthOfASecondsWorthAndATenthOfTheBurstAtMost() {
    assertThat(TokenBuckets.leaseSize(200, 10_000, 100)).isEqualTo(20);
    assertThat(TokenBuckets.leaseSize(1_000, 100, 100)).isEqualTo(10);
    assertThat(TokenBuckets.leaseSize(1_000_000, 1_000_000, 100)).isEqualTo(100);
    assertThat(TokenBuckets.leaseSize(5, 50, 100))
        .as("a slow bucket is asked every time")
        .isEqualTo(1);
    assertThat(TokenBuckets.leaseSize(0.2, 3, 100)).isEqualTo(1);
  }
}
