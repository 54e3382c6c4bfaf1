package dev.baton.router.scheduling;

import static dev.baton.router.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.router.testing.Fixtures;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Prefix affinity against balance: a prompt prefix shared by every request (a system prompt) must
 * stay on one endpoint while load is even, and spread once that endpoint is loaded. Each request's
 * lease is kept (never released), so in-flight counts rise as requests are routed.
 */
class HotSpotBalanceTest {
  private final Fixtures.Clock clock = new Fixtures.Clock();
  private final SchedulerState state = Fixtures.state(clock, 3);

  private ProfileScheduler scheduler(String json) throws Exception {
    return ProfileScheduler.create(Fixtures.schedulingConfig(json), state);
  }

  @Test
  void withoutLoadASharedPrefixStaysOnOneEndpoint() {
    ProfileScheduler scheduler = ProfileScheduler.create(SchedulingConfig.defaults(), state);
    Pool pool = Fixtures.pool(Disaggregation.OFF, Fixtures.endpoint("a"), Fixtures.endpoint("b"),
        Fixtures.endpoint("c"), Fixtures.endpoint("d"));
    String system = Fixtures.text(99, 2_000);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      RoutingPlan plan = scheduler.plan(
          Fixtures.request(system + Fixtures.text(i, 200)), pool).orElseThrow();
      counts.merge(plan.decode().id(), 1, Integer::sum);
      // Each request finishes before the next: loads stay equal, so affinity decides.
      plan.decode().acquire(10).release();
    }
    assertThat(counts).hasSize(1);
  }

  @ParameterizedTest(name = "engine metrics {0}")
  @CsvSource({"fresh and flat", "stale"})
  void aHotPrefixSpreadsOnceItsEndpointIsLoaded(String metrics) {
    ProfileScheduler scheduler = ProfileScheduler.create(SchedulingConfig.defaults(), state);
    EndpointState[] endpoints = {Fixtures.endpoint("a"), Fixtures.endpoint("b"),
        Fixtures.endpoint("c"), Fixtures.endpoint("d")};
    Pool pool = Fixtures.pool(Disaggregation.OFF, endpoints);
    String system = Fixtures.text(99, 2_000);
    Map<String, Integer> counts = new HashMap<>();
    int requests = 400;
    for (int i = 0; i < requests; i++) {
      for (EndpointState e : endpoints) {
        // "fresh and flat": the scraper reports idle engines (metrics lag a burst); "stale": none.
        e.load(metrics.equals("stale") ? Fixtures.load(0, 0, 0, T0 - 5_000_000_000L)
            : Fixtures.load(0, 0, 0.1, clock.now()));
      }
      RoutingPlan plan = scheduler.plan(
          Fixtures.request(system + Fixtures.text(i, 200)), pool).orElseThrow();
      counts.merge(plan.decode().id(), 1, Integer::sum);
      plan.decode().acquire(600); // in flight for the rest of the test: load keeps rising
    }
    assertThat(counts).as("every endpoint takes a share").hasSize(4);
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(60, 140));
  }

  /**
   * llm-d's default weights alone (prefix 3, queue 2, KV-cache 2) with engine metrics that lag a
   * burst: without the guard every request follows the shared prefix to one endpoint; with it the
   * load spreads.
   */
  @ParameterizedTest(name = "hotSpotMargin {0} -> busiest endpoint takes at most {1} of 400")
  @CsvSource({"1e9, 400", "2, 130"})
  void theHotSpotGuardIsWhatSpreadsASharedPrefix(String margin, int maxShare) throws Exception {
    ProfileScheduler scheduler = scheduler("""
        {'plugins': [{'type': 'prefix-cache', 'parameters': {'hotSpotMargin': %s}},
                     {'type': 'queue-depth'}, {'type': 'kv-cache-utilization'}, {'type': 'max-score'}],
         'schedulingProfiles': [{'name': 'decode', 'plugins': [
           {'pluginRef': 'prefix-cache', 'weight': 3}, {'pluginRef': 'queue-depth', 'weight': 2},
           {'pluginRef': 'kv-cache-utilization', 'weight': 2}, {'pluginRef': 'max-score'}]}]}"""
        .formatted(margin));
    EndpointState[] endpoints = {Fixtures.endpoint("a"), Fixtures.endpoint("b"),
        Fixtures.endpoint("c"), Fixtures.endpoint("d")};
    Pool pool = Fixtures.pool(Disaggregation.OFF, endpoints);
    String system = Fixtures.text(99, 2_000);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      for (EndpointState e : endpoints) {
        e.load(Fixtures.load(0, 0, 0.1, clock.now()));
      }
      RoutingPlan plan = scheduler.plan(
          Fixtures.request(system + Fixtures.text(i, 200)), pool).orElseThrow();
      counts.merge(plan.decode().id(), 1, Integer::sum);
      plan.decode().acquire(600);
    }
    assertThat(counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow())
        .as("counts %s", counts).isLessThanOrEqualTo(maxShare);
    if (maxShare == 400) {
      assertThat(counts).as("without the guard: one endpoint takes everything").hasSize(1);
    } else {
      assertThat(counts).hasSize(4);
    }
  }
}
