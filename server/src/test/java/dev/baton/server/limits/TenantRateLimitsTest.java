package dev.baton.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets driven by a fake clock: bursts, refill, debt from large requests. */
class TenantRateLimitsTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private TenantRateLimits limits(RateLimitConfig rate, Map<String, RateLimitConfig> tenants) {
    return new TenantRateLimits(
        new LimitsConfig(null, null, null, null, null, null, null, rate, tenants), now::get);
  }

  @Test
  void requestsPerMinuteAllowABurstThenRefillSteadily() {
    TenantRateLimits l = limits(new RateLimitConfig(60, null), Map.of());
    for (int i = 0; i < 60; i++) {
      assertThat(l.tryAcquire("t", 0)).isEmpty();
    }
    Duration wait = l.tryAcquire("t", 0).orElseThrow();
    assertThat(wait).isBetween(Duration.ofMillis(900), Duration.ofMillis(1000));
    now.addAndGet(wait.toNanos());
    assertThat(l.tryAcquire("t", 0)).isEmpty();
    assertThat(l.tryAcquire("other", 0)).as("tenants have their own buckets").isEmpty();
  }

  @Test
  void aLargeRequestRunsIntoDebtThatIsRepaidBeforeTheNextOne() {
    TenantRateLimits l = limits(null, Map.of("t", new RateLimitConfig(null, 600L)));
    assertThat(l.tryAcquire("t", 1200)).as("one unit left lets a large request through").isEmpty();
    Duration wait = l.tryAcquire("t", 1).orElseThrow();
    // 600 tokens of debt plus one at 10 tokens per second.
    assertThat(wait).isBetween(Duration.ofMillis(60_000), Duration.ofMillis(60_200));
    assertThat(l.tryAcquire("unlisted", 1_000_000)).as("default: unlimited").isEmpty();
  }

  @Test
  void aReloadKeepsTheBucketsOfUnchangedRatesAndStartsChangedOnesAfresh() {
    TenantRateLimits l = limits(new RateLimitConfig(2, null), Map.of("vip", new RateLimitConfig(1, null)));
    assertThat(l.tryAcquire("t", 0)).isEmpty();
    assertThat(l.tryAcquire("t", 0)).isEmpty();
    assertThat(l.tryAcquire("vip", 0)).isEmpty();
    assertThat(l.tryAcquire("t", 0)).isPresent();
    assertThat(l.tryAcquire("vip", 0)).isPresent();
    l.reconfigure(new LimitsConfig(null, null, null, null, null, null, null,
        new RateLimitConfig(2, null), Map.of("vip", new RateLimitConfig(100, null))));
    assertThat(l.tryAcquire("t", 0)).as("same rate: still empty, not refilled").isPresent();
    assertThat(l.tryAcquire("vip", 0)).as("new rate: a fresh bucket").isEmpty();
  }

  @Test
  void theEstimateChargedAtAdmissionIsReplacedByTheTokensUsed() {
    TenantRateLimits l = limits(new RateLimitConfig(null, 10_000L),
        Map.of("t", new RateLimitConfig(null, 1_000L)));
    assertThat(l.tryAcquire("t", 900)).isEmpty();
    assertThat(l.tokensLeft("t")).isEqualTo(100);
    assertThat(l.settle("t", 900, 40)).as("a tokens budget was charged").isTrue();
    assertThat(l.tokensLeft("t")).as("the unused 860 come back").isEqualTo(960);
    assertThat(l.tryAcquire("t", 100)).isEmpty();
    assertThat(l.settle("t", 100, 1_500)).isTrue();
    assertThat(l.tokensLeft("t")).as("more than estimated: debt").isEqualTo(-540);
    assertThat(l.tryAcquire("t", 1)).isPresent();
    // A refund never lifts a bucket above its capacity.
    assertThat(l.settle("t", 5_000, 0)).isTrue();
    assertThat(l.tokensLeft("t")).isEqualTo(1_000);
    assertThat(l.labelOf("t")).isEqualTo("t");
    assertThat(l.labelOf("made-up")).isEqualTo("default");
    TenantRateLimits requestsOnly = limits(new RateLimitConfig(60, null), Map.of());
    assertThat(requestsOnly.settle("t", 10, 5)).as("no tokens budget: nothing charged").isFalse();
  }
}
