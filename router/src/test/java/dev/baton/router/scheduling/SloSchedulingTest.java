package dev.baton.router.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.router.latency.HardwareClass;
import dev.baton.router.latency.LatencyModels;
import dev.baton.router.latency.LatencyObservation;
import dev.baton.router.latency.SloTarget;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.RoutingPlan.Reason;
import dev.baton.router.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The latency plugins over a fleet of two classes: {@code fast} (H200 timings, cost 10) and {@code
 * cheap} (about three times slower, cost 2). A 2,000-token prompt is predicted at about 57 ms on
 * fast and 218 ms on cheap while both are idle.
 */
class SloSchedulingTest {
  private static final HardwareClass FAST = new HardwareClass("fast", 10, 4.5, 25, 0.02, 0.031);
  private static final HardwareClass CHEAP = new HardwareClass("cheap", 2, 12, 100, 0.03, 0.09);

  private final Fixtures.Clock clock = new Fixtures.Clock();
  private final SchedulerState state = Fixtures.state(clock, 7);
  private final EndpointState fast = Fixtures.endpoint("fast", Role.BOTH, Map.of("hardware", "fast"));
  private final EndpointState cheap =
      Fixtures.endpoint("cheap", Role.BOTH, Map.of("hardware", "cheap"));

  SloSchedulingTest() {
    state.latency().classes(Map.of("fast", FAST, "cheap", CHEAP));
  }

  private ProfileScheduler scheduler() throws Exception {
    return ProfileScheduler.create(Fixtures.schedulingConfig("""
        {'plugins': [{'type': 'slo-headroom'}, {'type': 'latency'}, {'type': 'cost'},
                     {'type': 'max-score'}, {'name': 'pd', 'type': 'pd-decider',
                      'parameters': {'mode': 'slo', 'uncachedTokens': 100000}}],
         'schedulingProfiles': [{'name': 'decode', 'plugins': [
           {'pluginRef': 'slo-headroom'}, {'pluginRef': 'latency', 'weight': 1},
           {'pluginRef': 'cost', 'weight': 4}, {'pluginRef': 'max-score'}, {'pluginRef': 'pd'}]}]}
        """), state);
  }

  private static SchedulingRequest request(double ttftMs) {
    return Fixtures.request(Fixtures.text(1, 8_000)).withSlo(new SloTarget(ttftMs, 0));
  }

  private EndpointState decodeFor(double ttftMs) throws Exception {
    Pool pool = Fixtures.pool(Disaggregation.OFF, fast, cheap);
    return scheduler().plan(request(ttftMs), pool).orElseThrow().decode();
  }

  @Test
  void aTightTargetGoesToTheFastClassAndALooseOneToTheCheapOne() throws Exception {
    assertThat(decodeFor(100)).isSameAs(fast);
    assertThat(decodeFor(1_000)).isSameAs(cheap);
    // No objective: the latency scorer ranks by predicted TTFT (57 against 218 ms: a full point),
    // more than the cost scorer's 4 x (1 - 0.79) for the cheaper class.
    assertThat(decodeFor(0)).isSameAs(fast);
  }

  @Test
  void aTpotTargetCountsTooAndSplitRequestsDecodeLegsTeachIt() throws Exception {
    Pool pool = Fixtures.pool(Disaggregation.OFF, fast, cheap);
    // Idle, fast decodes at about 4.5 ms a token and cheap at 12: a loose TTFT target with an 8 ms
    // TPOT target needs fast, with 20 ms cheap does.
    SchedulingRequest tight = Fixtures.request(Fixtures.text(1, 8_000)).withSlo(new SloTarget(1_000, 8));
    SchedulingRequest loose = Fixtures.request(Fixtures.text(1, 8_000)).withSlo(new SloTarget(1_000, 20));
    assertThat(scheduler().plan(tight, pool).orElseThrow().decode()).isSameAs(fast);
    assertThat(scheduler().plan(loose, pool).orElseThrow().decode()).isSameAs(cheap);

    // Split requests decoded on cheap show it at 3 ms a token: their decode legs teach its TPOT
    // (and compute no prompt there).
    for (int i = 0; i < 50; i++) {
      var leg = state.latency().begin(cheap, 2_000, state.nanoTime(), LatencyObservation.Leg.DECODE);
      assertThat(cheap.pendingPrefillTokens()).isZero();
      leg.firstToken(100);
      leg.end(3.0, 16);
    }

    assertThat(state.latency().model("cheap").tpotSamples()).isEqualTo(50);
    assertThat(state.latency().model("cheap").ttftSamples()).isZero();
    assertThat(scheduler().plan(tight, pool).orElseThrow().decode()).isSameAs(cheap);
  }

  @Test
  void whenNoEndpointCanMeetTheTargetTheLeastBadServes() throws Exception {
    assertThat(decodeFor(10)).isSameAs(fast);
  }

  @Test
  void prefillQueuedOnTheCheapClassSendsEvenALooseTargetToTheFastOne() throws Exception {
    // 8,000 prompt tokens routed to cheap and not yet answered: 800 ms of prefill ahead there.
    cheap.addPendingPrefillTokens(8_000);

    assertThat(decodeFor(500)).isSameAs(fast);
  }

  @Test
  void theSloDeciderSplitsOnlyWhenDecodeAloneMissesAndAPrefillEndpointMeets() throws Exception {
    EndpointState decode = Fixtures.endpoint("d", Role.DECODE, Map.of("hardware", "cheap"));
    EndpointState prefill = Fixtures.endpoint("p", Role.PREFILL, Map.of("hardware", "fast"));
    Pool pool = Fixtures.pool(Disaggregation.always(), decode, prefill);
    ProfileScheduler scheduler = scheduler();

    assertThat(scheduler.plan(request(100), pool).orElseThrow().reason()).isEqualTo(Reason.SPLIT);
    assertThat(scheduler.plan(request(1_000), pool).orElseThrow().reason())
        .isEqualTo(Reason.DECIDER_KEPT);
    assertThat(scheduler.plan(request(10), pool).orElseThrow().reason())
        .isEqualTo(Reason.DECIDER_KEPT);
    // Without a target the decider's threshold (100,000 uncached tokens) keeps it whole.
    assertThat(scheduler.plan(request(0), pool).orElseThrow().reason())
        .isEqualTo(Reason.BELOW_THRESHOLD);
  }

  @Test
  void whatTheFrontDoorObservesMovesThePrediction() throws Exception {
    // The cheap class turns out four times faster than declared: after some observations a
    // 200 ms target (218 ms predicted at first) is met there, so the cheaper class serves it.
    assertThat(decodeFor(200)).isSameAs(fast);
    for (int i = 0; i < 50; i++) {
      var seen = state.latency().begin(cheap, 2_000, state.nanoTime());
      seen.firstToken(218.0 / 4);
      seen.end(Double.NaN, 1);
    }

    assertThat(cheap.pendingPrefillTokens()).isZero();
    assertThat(decodeFor(200)).isSameAs(cheap);
    // Its first predictions were 4x too high (error 3); its last ones are close.
    var model = state.latency().model("cheap");
    assertThat(model.ttftSamples()).isEqualTo(50);
    assertThat(model.ttftError(0.5)).isLessThan(0.05);
  }

  @Test
  void aClassMispredictedAsSlowIsTriedAgainOnceItsModelGoesStale() throws Exception {
    // A cold start: the fast class's first requests took 2 s each, so it looks slower than cheap.
    for (int i = 0; i < 10; i++) {
      var seen = state.latency().begin(fast, 2_000, state.nanoTime());
      seen.firstToken(2_000);
      seen.end(Double.NaN, 1);
    }
    assertThat(decodeFor(100)).as("least bad: cheap's 218 ms").isSameAs(cheap);

    // Nothing reaches fast, so nothing corrects it; 10 s on, its model starts again from its prior.
    clock.advanceMillis(LatencyModels.FORGET_AFTER_NANOS / 1_000_000 + 1);

    assertThat(decodeFor(100)).isSameAs(fast);
    assertThat(state.latency().model("fast").ttftSamples()).isZero();
  }
}
