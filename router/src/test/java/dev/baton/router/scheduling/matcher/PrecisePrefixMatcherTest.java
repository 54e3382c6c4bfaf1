package dev.baton.router.scheduling.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.prefix.TokenBlockIndex;
import dev.baton.router.scheduling.BuiltinPlugins;
import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.router.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * {@code precise-prefix-cache} in the default profiles: the engine-reported holder wins the pick
 * and the P/D decision counts its blocks as cached; without live events the approximate view decides.
 */
class PrecisePrefixMatcherTest {
  private final Fixtures.Clock clock = new Fixtures.Clock();
  private final SchedulerState state = Fixtures.state(clock, 5);
  private final ProfileScheduler scheduler = ProfileScheduler.create(
      SchedulingConfig.defaults().withPreciseMatcher(), state, BuiltinPlugins.registry());

  private static int[] tokens(int count) {
    int[] t = new int[count];
    for (int i = 0; i < count; i++) {
      t[i] = 1000 + i * 7;
    }
    return t;
  }

  private SchedulingRequest request(int[] ids) {
    return Fixtures.request(Fixtures.text(3, ids.length * 4)).withPromptTokenIds(ids);
  }

  @Test
  void anEndpointWhoseEventsReportThePromptGetsItAndItsBlocksCountAsCached() {
    int[] prompt = tokens(1_000);
    TokenBlockIndex index = state.tokenBlocks();
    // b stored the first 960 tokens (60 blocks of 16) on its own; a is idle, b busier.
    long[] engine = new long[60];
    for (int i = 0; i < engine.length; i++) {
      engine[i] = Long.MIN_VALUE + i;
    }
    int[] stored = java.util.Arrays.copyOf(prompt, 960);
    index.stored("b", engine, null, stored, 16, null);
    index.live("a", true);
    index.live("b", true);
    EndpointState a = Fixtures.endpoint("a");
    EndpointState b = Fixtures.inFlight(Fixtures.endpoint("b"), 2, 100);
    Pool pool = Fixtures.pool(Disaggregation.atLeast(500), a, b,
        Fixtures.endpoint("p", dev.baton.router.endpoint.Role.PREFILL));

    RoutingPlan plan = scheduler.plan(request(prompt), pool).orElseThrow();

    assertThat(plan.decode().id()).isEqualTo("b");
    assertThat(plan.estimatedUncachedTokens()).isEqualTo(40);
    assertThat(plan.disaggregated()).isFalse();

    // Once b evicts the first block, nothing of the prompt is cached there any more.
    index.removed("b", new long[] {Long.MIN_VALUE});
    clock.advanceMillis(10_000); // the speculative entry from the first pick has expired
    assertThat(scheduler.plan(request(prompt), pool).orElseThrow().decode().id()).isEqualTo("a");
  }

  @Test
  void withoutLiveEventsTheApproximateIndexDecides() {
    PrecisePrefixMatcher matcher = PrecisePrefixMatcher.from(
        new dev.baton.router.scheduling.plugin.Parameters(PrecisePrefixMatcher.TYPE,
            PrecisePrefixMatcher.TYPE, null), state);
    var ctx = Fixtures.context(state, request(tokens(100)),
        dev.baton.router.scheduling.Phase.DECODE, java.util.List.of(Fixtures.endpoint("x")));
    assertThat(matcher.precise(ctx)).isFalse();
    state.tokenBlocks().live("x", true);
    assertThat(matcher.precise(ctx)).isTrue();
  }
}
