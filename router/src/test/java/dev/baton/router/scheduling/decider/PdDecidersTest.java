package dev.baton.router.scheduling.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.RoutingPlan.Reason;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.config.SchedulingConfigException;
import dev.baton.router.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PdDecidersTest {
  private final SchedulerState state = Fixtures.state(new Fixtures.Clock(), 5);
  private final EndpointState decode = Fixtures.endpoint("decode", Role.DECODE);
  private final EndpointState prefill = Fixtures.endpoint("prefill", Role.PREFILL);

  private ProfileScheduler scheduler(String deciderParameters) throws Exception {
    return ProfileScheduler.create(Fixtures.schedulingConfig("""
        {'plugins': [{'type': 'prefix-cache'}, {'type': 'max-score'},
                     {'name': 'pd', 'type': 'pd-decider', 'parameters': %s}],
         'schedulingProfiles': [{'name': 'decode', 'plugins': [
           {'pluginRef': 'prefix-cache'}, {'pluginRef': 'max-score'}, {'pluginRef': 'pd'}]}]}"""
        .formatted(deciderParameters)), state);
  }

  /** A 4,000-character prompt is 1,000 estimated tokens; warm sends it once first. */
  private RoutingPlan plan(ProfileScheduler scheduler, int poolThreshold, boolean warm) {
    Pool pool = Fixtures.pool(Disaggregation.atLeast(poolThreshold), decode, prefill);
    String prompt = Fixtures.text(9, 4_000);
    if (warm) {
      scheduler.plan(Fixtures.request(prompt), pool);
    }
    return scheduler.plan(Fixtures.request(prompt), pool).orElseThrow();
  }

  @ParameterizedTest(name = "{0}, pool threshold {1}, warm {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "{}                                            | 500  | false | SPLIT",
      "{}                                            | 1500 | false | BELOW_THRESHOLD",
      "{'mode': 'threshold'}                         | 500  | true  | BELOW_THRESHOLD",
      "{'mode': 'threshold', 'uncachedTokens': 2000} | 0    | false | BELOW_THRESHOLD",
      "{'mode': 'threshold', 'uncachedTokens': 5}    | 1500 | true  | SPLIT",
      "{'mode': 'always'}                            | 1500 | true  | SPLIT",
      "{'mode': 'never'}                             | 0    | false | DECIDER_KEPT"})
  void theDecoderProfilesDeciderChoosesTheSplit(
      String parameters, int poolThreshold, boolean warm, Reason expected) throws Exception {
    RoutingPlan plan = plan(scheduler(parameters), poolThreshold, warm);

    assertThat(plan.reason()).isEqualTo(expected);
    assertThat(plan.decode()).isSameAs(decode);
    assertThat(plan.prefill()).isSameAs(expected == Reason.SPLIT ? prefill : null);
    // Warm: 62 of the prompt's 64-character blocks are cached, 992 of its 1,000 tokens.
    assertThat(plan.estimatedUncachedTokens()).isEqualTo(warm ? 8 : 1_000);
  }

  @Test
  void aDeciderNeverSplitsAPoolThatDoesNotDisaggregate() throws Exception {
    Pool pool = Fixtures.pool(Disaggregation.OFF, decode, prefill);
    assertThat(scheduler("{'mode': 'always'}").plan(Fixtures.request("hi"), pool).orElseThrow()
        .reason()).isEqualTo(Reason.AGGREGATED_POOL);
  }

  @Test
  void misplacedOrBadDecidersAreConfigErrors() {
    assertThatThrownBy(() -> ProfileScheduler.create(Fixtures.schedulingConfig("""
        {'plugins': [{'type': 'max-score'}, {'type': 'pd-decider'},
                     {'name': 'other', 'type': 'pd-decider', 'parameters': {'mode': 'sometimes'}}],
         'schedulingProfiles': [
           {'name': 'decode', 'plugins': [{'pluginRef': 'max-score'}]},
           {'name': 'prefill', 'plugins': [{'pluginRef': 'max-score'}, {'pluginRef': 'pd-decider'}]}
         ]}"""), state))
        .isInstanceOfSatisfying(SchedulingConfigException.class, e -> assertThat(e.problems())
            .containsExactlyInAnyOrder(
                "plugin 'other' (type pd-decider): parameter 'mode' must be one of "
                    + "[threshold, always, never, slo], got \"sometimes\"",
                "profile 'prefill': a pd-decider belongs in the 'decode' profile, which decides"
                    + " the split"));
  }
}
