package dev.baton.router.scheduling.scorer;

import static dev.baton.router.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.EngineLoad;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.session.SessionTable;
import dev.baton.router.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Session and LoRA affinity: endpoints in, scores out. */
class AffinityScorersTest {
  private static final long STALE = T0 - 3_000_000_000L;

  private final Fixtures.Clock clock = new Fixtures.Clock();
  private final SchedulerState state = Fixtures.state(clock, 1);

  private SchedulingContext context(SchedulingRequest request, List<EndpointState> candidates) {
    return Fixtures.context(state, request, Phase.DECODE, candidates);
  }

  static Stream<Arguments> loraCases() {
    return Stream.of(
        Arguments.of("base model: neutral", null,
            List.of(Fixtures.lora(2, Set.of("x"), T0), Fixtures.lora(2, Set.of(), T0)),
            new double[] {1, 1}),
        Arguments.of("active beats free slot beats full", "x",
            List.of(Fixtures.lora(2, Set.of("y", "z"), T0), Fixtures.lora(2, Set.of("y"), T0),
                Fixtures.lora(2, Set.of("x", "y"), T0)),
            new double[] {0, 0.5, 1}),
        Arguments.of("stale or unknown slots: neutral middle", "x",
            List.of(Fixtures.lora(2, Set.of("x"), STALE), EngineLoad.UNKNOWN,
                Fixtures.lora(0, Set.of(), T0)),
            new double[] {0.5, 0.5, 0.5}));
  }

  @ParameterizedTest(name = "lora-affinity: {0}")
  @MethodSource("loraCases")
  void loraAffinity(String name, String adapter, List<EngineLoad> loads, double[] expected) {
    List<EndpointState> candidates = new ArrayList<>();
    for (int i = 0; i < loads.size(); i++) {
      EndpointState e = Fixtures.endpoint("e" + i);
      e.load(loads.get(i));
      candidates.add(e);
    }
    double[] scores = new double[loads.size()];
    new LoraAffinityScorer(2_000_000_000L, 0.5, 0.5)
        .score(context(Fixtures.request("hi", null, adapter), candidates), scores);
    assertThat(scores).containsExactly(expected, within(1e-9));
  }

  @Test
  void sessionAffinityPrefersTheLastEndpointOfTheSession() {
    SessionTable table = state.sessions(100, 60_000_000_000L);
    SessionAffinityScorer scorer = new SessionAffinityScorer(table);
    List<EndpointState> candidates =
        List.of(Fixtures.endpoint("a"), Fixtures.endpoint("b"), Fixtures.endpoint("c"));
    double[] scores = new double[3];

    SchedulingContext first = context(Fixtures.request("hi", "s1", null), candidates);
    scorer.score(first, scores);
    assertThat(scores).as("unknown session").containsExactly(0, 0, 0);
    scorer.picked(first, 1);

    scorer.score(context(Fixtures.request("again", "s1", null), candidates), scores);
    assertThat(scores).containsExactly(0, 1, 0);
    scorer.score(context(Fixtures.request("other", "s2", null), candidates), scores);
    assertThat(scores).as("another session").containsExactly(0, 0, 0);
    scorer.score(context(Fixtures.request("none"), candidates), scores);
    assertThat(scores).as("no session key").containsExactly(0, 0, 0);

    clock.advanceMillis(61_000);
    scorer.score(context(Fixtures.request("later", "s1", null), candidates), scores);
    assertThat(scores).as("idle too long").containsExactly(0, 0, 0);
  }
}
