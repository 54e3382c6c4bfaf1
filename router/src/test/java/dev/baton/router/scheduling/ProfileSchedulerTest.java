package dev.baton.router.scheduling;

import static dev.baton.router.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Health;
import dev.baton.router.endpoint.Role;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.router.testing.Fixtures;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileSchedulerTest {
  private final Fixtures.Clock clock = new Fixtures.Clock();
  private final SchedulerState state = Fixtures.state(clock, 3);

  private ProfileScheduler scheduler(String json) throws Exception {
    return ProfileScheduler.create(Fixtures.schedulingConfig(json), state);
  }

  @ParameterizedTest(name = "queue-depth weight {0}, inflight-requests weight {1} -> {2}")
  @CsvSource({"1, 3, a", "3, 1, b", "0, 1, a", "1, 0, b"})
  void profileWeightsDecideBetweenDisagreeingScorers(double queueWeight, double inFlightWeight,
      String winner) throws Exception {
    ProfileScheduler scheduler = scheduler("""
        {'plugins': [{'type': 'queue-depth'}, {'type': 'inflight-requests'}, {'type': 'max-score'}],
         'schedulingProfiles': [{'name': 'decode', 'plugins': [
           {'pluginRef': 'queue-depth', 'weight': %s},
           {'pluginRef': 'inflight-requests', 'weight': %s},
           {'pluginRef': 'max-score'}]}]}""".formatted(queueWeight, inFlightWeight));
    // a: the engine reports a queue but Baton has nothing in flight; b: the reverse.
    EndpointState a = Fixtures.endpoint("a");
    a.load(Fixtures.load(0, 4, 0, T0));
    EndpointState b = Fixtures.inFlight(Fixtures.endpoint("b"), 8, 10);
    b.load(Fixtures.load(0, 0, 0, T0));
    Pool pool = Fixtures.pool(Disaggregation.OFF, a, b);
    for (int i = 0; i < 20; i++) {
      assertThat(scheduler.pick(Phase.DECODE, Fixtures.request("hi"), pool, Set.of()))
          .map(EndpointState::id).contains(winner);
    }
  }

  @Test
  void builtInChecksApplyEvenWhenAProfileListsNoFilters() throws Exception {
    ProfileScheduler scheduler = scheduler("""
        {'plugins': [{'type': 'round-robin'}],
         'schedulingProfiles': [{'name': 'decode', 'plugins': [{'pluginRef': 'round-robin'}]}]}""");
    EndpointState unhealthy = Fixtures.endpoint("unhealthy");
    unhealthy.health(Health.UNHEALTHY);
    EndpointState draining = Fixtures.endpoint("draining");
    draining.draining(true);
    EndpointState broken = Fixtures.endpoint("broken");
    broken.breakerOpen(true);
    EndpointState prefillOnly = Fixtures.endpoint("prefill-only", Role.PREFILL);
    EndpointState otherModel = new EndpointState(new Endpoint(
        "other-model", "http", "10.0.0.9", 8000, Role.BOTH, Set.of("other"), Map.of()));
    EndpointState excluded = Fixtures.endpoint("excluded");
    EndpointState good = Fixtures.endpoint("good");
    Pool pool = Fixtures.pool(Disaggregation.OFF,
        unhealthy, draining, broken, prefillOnly, otherModel, excluded, good);
    for (int i = 0; i < 20; i++) {
      assertThat(scheduler.pick(Phase.DECODE, Fixtures.request("hi"), pool, Set.of("excluded")))
          .map(EndpointState::id).contains("good");
    }
    assertThat(scheduler.pick(Phase.DECODE, Fixtures.request("hi"), pool, Set.of("excluded", "good")))
        .isEmpty();
    assertThat(scheduler.plan(Fixtures.request("hi"), Fixtures.pool(Disaggregation.OFF, unhealthy)))
        .isEmpty();
  }

  @Test
  void profileFiltersNarrowTheCandidates() throws Exception {
    ProfileScheduler scheduler = scheduler("""
        {'plugins': [{'type': 'label-selector', 'parameters': {'matchLabels': {'zone': 'b'}}},
                     {'type': 'inflight-requests'}, {'type': 'max-score'}],
         'schedulingProfiles': [{'name': 'decode', 'plugins': [{'pluginRef': 'label-selector'},
             {'pluginRef': 'inflight-requests'}, {'pluginRef': 'max-score'}]}]}""");
    EndpointState zoneA = Fixtures.endpoint("in-a", Role.BOTH, Map.of("zone", "a"));
    EndpointState zoneB = Fixtures.inFlight(
        Fixtures.endpoint("in-b", Role.BOTH, Map.of("zone", "b")), 50, 10);
    Pool pool = Fixtures.pool(Disaggregation.OFF, zoneA, zoneB);
    assertThat(scheduler.plan(Fixtures.request("hi"), pool))
        .map(plan -> plan.decode().id()).contains("in-b");
  }

  /**
   * The P/D decision. Pool: decode endpoint(s) and one prefill endpoint; prompt of 4,000 characters
   * (1,000 estimated tokens). {@code warm} sends the same prompt once first, so the decode endpoint
   * holds its prefix.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "aggregated pool,             false,    0, false, true,  AGGREGATED_POOL,     1000",
      "split always,                true,     0, false, true,  SPLIT,               1000",
      "uncached above threshold,    true,   800, false, true,  SPLIT,               1000",
      "uncached below threshold,    true,  1200, false, true,  BELOW_THRESHOLD,     1000",
      "cached prefix: no split,     true,   100, true,  true,  BELOW_THRESHOLD,        0",
      "no healthy prefill endpoint, true,   100, false, false, NO_PREFILL_ENDPOINT, 1000"})
  void decidesWhetherToSplit(String name, boolean enabled, int threshold, boolean warm,
      boolean prefillHealthy, RoutingPlan.Reason reason, int uncached) {
    ProfileScheduler scheduler = ProfileScheduler.create(SchedulingConfig.defaults(), state);
    EndpointState decode = Fixtures.endpoint("decode", Role.DECODE);
    EndpointState prefill = Fixtures.endpoint("prefill", Role.PREFILL);
    prefill.health(prefillHealthy ? Health.HEALTHY : Health.UNHEALTHY);
    Pool pool = Fixtures.pool(new Disaggregation(enabled, threshold), decode, prefill);
    String prompt = Fixtures.text(5, 4_000);
    if (warm) {
      scheduler.plan(Fixtures.request(prompt), pool);
    }

    RoutingPlan plan = scheduler.plan(Fixtures.request(prompt), pool).orElseThrow();

    assertThat(plan.reason()).isEqualTo(reason);
    assertThat(plan.decode()).isSameAs(decode);
    assertThat(plan.disaggregated()).isEqualTo(reason == RoutingPlan.Reason.SPLIT);
    if (plan.disaggregated()) {
      assertThat(plan.prefill()).isSameAs(prefill);
    }
    // 4,000 chars = 62 full blocks of 64 = 3,968 chars cached when warm: 992 of 1,000 tokens.
    assertThat(plan.estimatedUncachedTokens()).isEqualTo(warm ? 8 : uncached);
  }

  @Test
  void aSplitNeverUsesTheDecodeEndpointForPrefill() {
    ProfileScheduler scheduler = ProfileScheduler.create(SchedulingConfig.defaults(), state);
    EndpointState one = Fixtures.endpoint("one", Role.BOTH);
    EndpointState two = Fixtures.endpoint("two", Role.BOTH);
    for (int i = 0; i < 20; i++) {
      RoutingPlan plan = scheduler.plan(Fixtures.request(Fixtures.text(i, 800)),
          Fixtures.pool(Disaggregation.always(), one, two)).orElseThrow();
      assertThat(plan.reason()).isEqualTo(RoutingPlan.Reason.SPLIT);
      assertThat(plan.prefill()).isNotSameAs(plan.decode());
    }
    RoutingPlan alone = scheduler.plan(Fixtures.request("hi"),
        Fixtures.pool(Disaggregation.always(), one)).orElseThrow();
    assertThat(alone.reason()).isEqualTo(RoutingPlan.Reason.NO_PREFILL_ENDPOINT);
  }

  @Test
  void aSessionSticksToItsEndpointUntilThatEndpointIsUnschedulable() {
    ProfileScheduler scheduler = ProfileScheduler.create(SchedulingConfig.defaults(), state);
    EndpointState[] endpoints = {Fixtures.endpoint("a"), Fixtures.endpoint("b"),
        Fixtures.endpoint("c")};
    Pool pool = Fixtures.pool(Disaggregation.OFF, endpoints);
    String first = scheduler.plan(Fixtures.request("turn 0", "user-1", null), pool)
        .orElseThrow().decode().id();
    for (int turn = 1; turn < 10; turn++) {
      RoutingPlan plan = scheduler.plan(
          Fixtures.request(Fixtures.text(turn, 300), "user-1", null), pool).orElseThrow();
      assertThat(plan.decode().id()).isEqualTo(first);
      plan.decode().acquire(100); // its load rises a little: still sticky
    }
    EndpointState bound = pool.endpoints().stream()
        .filter(e -> e.id().equals(first)).findFirst().orElseThrow();
    bound.health(Health.UNHEALTHY);
    String moved = scheduler.plan(Fixtures.request("after failure", "user-1", null), pool)
        .orElseThrow().decode().id();
    assertThat(moved).isNotEqualTo(first);
    bound.health(Health.HEALTHY);
    assertThat(scheduler.plan(Fixtures.request("recovered", "user-1", null), pool)
        .orElseThrow().decode().id()).as("the session was rebound where it moved").isEqualTo(moved);
  }

  @Test
  void concurrentPlansAreSafe() throws Exception {
    ProfileScheduler scheduler = ProfileScheduler.create(SchedulingConfig.defaults(), state);
    Pool pool = Fixtures.pool(Disaggregation.atLeast(100), Fixtures.endpoint("a"),
        Fixtures.endpoint("b"), Fixtures.endpoint("p", Role.PREFILL));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      Future<?>[] futures = new Future<?>[4];
      for (int t = 0; t < futures.length; t++) {
        int thread = t;
        futures[t] = threads.submit(() -> {
          for (int i = 0; i < 1_000; i++) {
            Optional<RoutingPlan> plan = scheduler.plan(Fixtures.request(
                Fixtures.text(i % 50, 1_000) + Fixtures.text(thread * 10_000L + i, 100),
                "s" + (i % 20), null), pool);
            RoutingPlan p = plan.orElseThrow();
            if (p.decode().endpoint().role() == Role.PREFILL || p.prefill() == p.decode()) {
              throw new AssertionError("bad plan " + p);
            }
            p.decode().acquire(10).release();
          }
          return null;
        });
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
