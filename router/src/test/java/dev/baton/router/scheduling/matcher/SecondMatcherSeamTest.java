package dev.baton.router.scheduling.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.BuiltinPlugins;
import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.RoutingPlan.Reason;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.PluginRegistry;
import dev.baton.router.scheduling.plugin.PrefixMatcher;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seam for a second source of cache knowledge: a matcher type written in this test only (one
 * class and its parameters, registered by name, configured in YAML beside {@code
 * approximate-prefix}) changes both the decode pick and the P/D decision, with no main file edited.
 */
class SecondMatcherSeamTest {

  /** Stands in for a KV-event matcher: it "knows" one endpoint holds some of every prompt. */
  record KnownHolder(String endpointId, int tokens) implements PrefixMatcher {
    static KnownHolder from(Parameters parameters) {
      return new KnownHolder(parameters.stringMap("holds").get("endpoint"),
          parameters.intValue("tokens", 0, 0, 1 << 20));
    }

    @Override
    public boolean match(SchedulingContext ctx) {
      for (int i = 0; i < ctx.size(); i++) {
        if (ctx.candidate(i).id().equals(endpointId)) {
          ctx.reportMatchedTokens(i, tokens);
        }
      }
      return true;
    }
  }

  @ParameterizedTest(name = "second matcher listed: {0}")
  @ValueSource(booleans = {false, true})
  void aMatcherOfOneClassPlusConfigFeedsThePickAndTheSplit(boolean listed) throws Exception {
    SchedulerState state = Fixtures.state(new Fixtures.Clock(), 3);
    PluginRegistry registry = BuiltinPlugins.registry()
        .with("known-holder", (parameters, s) -> KnownHolder.from(parameters));
    ProfileScheduler scheduler = ProfileScheduler.create(Fixtures.schedulingConfig("""
        {'plugins': [{'type': 'approximate-prefix'}, {'type': 'prefix-cache'},
                     {'type': 'inflight-requests'}, {'type': 'max-score'}, {'type': 'pd-decider'},
                     {'name': 'events', 'type': 'known-holder',
                      'parameters': {'holds': {'endpoint': 'b'}, 'tokens': 900}}],
         'schedulingProfiles': [{'name': 'decode', 'plugins': [
           {'pluginRef': 'approximate-prefix'}, %s
           {'pluginRef': 'prefix-cache', 'weight': 3}, {'pluginRef': 'inflight-requests'},
           {'pluginRef': 'max-score'}, {'pluginRef': 'pd-decider'}]}]}"""
        .formatted(listed ? "{'pluginRef': 'events'}," : "")), state, registry);
    // a is idle, b busier: without cache knowledge the load scorer picks a.
    EndpointState a = Fixtures.endpoint("a");
    EndpointState b = Fixtures.inFlight(Fixtures.endpoint("b"), 2, 100);
    Pool pool = Fixtures.pool(
        Disaggregation.atLeast(500), a, b, Fixtures.endpoint("p", Role.PREFILL));

    // 4,000 characters: 1,000 estimated tokens, nothing of it in the approximate index yet.
    RoutingPlan plan = scheduler.plan(Fixtures.request(Fixtures.text(21, 4_000)), pool)
        .orElseThrow();

    assertThat(plan.decode().id()).isEqualTo(listed ? "b" : "a");
    assertThat(plan.estimatedUncachedTokens()).isEqualTo(listed ? 100 : 1_000);
    assertThat(plan.reason()).isEqualTo(listed ? Reason.BELOW_THRESHOLD : Reason.SPLIT);
  }
}
