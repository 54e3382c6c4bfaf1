package dev.baton.router.scheduling.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.prefix.PrefixIndex;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: per endpoint, how many characters of the shared 1,280-character prompt it was sent
 * earlier and its in-flight requests; out, the prefix score (matched leading blocks / 20).
 */
class PrefixCacheScorerTest {
  private static final String PROMPT = Fixtures.text(11, 1_280);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("nothing cached anywhere", new int[] {0, 0}, new int[] {0, 0},
            new double[] {0, 0}),
        Arguments.of("half and all of the prompt", new int[] {640, 1280}, new int[] {0, 0},
            new double[] {0.5, 1}),
        Arguments.of("partial block does not count", new int[] {700, 63}, new int[] {0, 0},
            new double[] {0.5, 0}),
        Arguments.of("hot spot: busy holder is discounted", new int[] {1280, 0, 0, 0},
            new int[] {6, 0, 0, 0}, new double[] {0, 0, 0, 0}),
        Arguments.of("within the margin: no discount", new int[] {1280, 0, 0, 0},
            new int[] {3, 1, 1, 1}, new double[] {1, 0, 0, 0}),
        Arguments.of("relative margin at high load", new int[] {1280, 1280},
            new int[] {100, 60}, new double[] {1, 1}),
        Arguments.of("relative margin exceeded", new int[] {1280, 1280, 0},
            new int[] {140, 60, 60}, new double[] {0, 1, 0}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void scoresLeadingRunWithHotSpotGuard(
      String name, int[] sentChars, int[] inFlight, double[] expected) {
    SchedulerState state = Fixtures.state(new Fixtures.Clock(), 1);
    PrefixCacheScorer scorer = new PrefixCacheScorer(
        state.prefixIndex(new PrefixIndex.Settings(64, 256, 10_000, 64)), 2, 0.25, 0);
    List<EndpointState> candidates = new ArrayList<>();
    for (int i = 0; i < sentChars.length; i++) {
      EndpointState e = Fixtures.inFlight(Fixtures.endpoint("e" + i), inFlight[i], 100);
      candidates.add(e);
      if (sentChars[i] > 0) {
        // Teach the index the way the scheduler does: score, then report the pick.
        String sent = PROMPT.substring(0, sentChars[i]) + Fixtures.text(100 + i, 200);
        SchedulingContext teach =
            Fixtures.context(state, Fixtures.request(sent), Phase.DECODE, List.of(e));
        scorer.score(teach, new double[1]);
        scorer.picked(teach, 0);
      }
    }
    SchedulingContext ctx =
        Fixtures.context(state, Fixtures.request(PROMPT), Phase.DECODE, candidates);
    double[] scores = new double[candidates.size()];
    scorer.score(ctx, scores);
    assertThat(scores).containsExactly(expected, within(1e-9));
    for (int i = 0; i < sentChars.length; i++) {
      // The matched length feeds the P/D decision undiscounted.
      assertThat(ctx.matchedPrefixChars(i)).isEqualTo(Math.min(sentChars[i], 1280) / 64 * 64);
    }
  }

  @org.junit.jupiter.api.Test
  void promptsNobodyHoldsGoWhereTheFewestNewPrefixesWent() {
    SchedulerState state = Fixtures.state(new Fixtures.Clock(), 1);
    PrefixCacheScorer scorer = new PrefixCacheScorer(
        state.prefixIndex(new PrefixIndex.Settings(64, 256, 10_000, 64)), 2, 0.25, 0, 0.5);
    List<EndpointState> candidates = List.of(
        Fixtures.endpoint("e0"), Fixtures.endpoint("e1"), Fixtures.endpoint("e2"));
    // Three distinct contexts were placed on e0, one on e1, none on e2.
    int[] placedOn = {0, 0, 0, 1};
    for (int k = 0; k < placedOn.length; k++) {
      SchedulingContext teach = Fixtures.context(state,
          Fixtures.request(Fixtures.text(200 + k, 640)), Phase.DECODE, candidates);
      scorer.score(teach, new double[candidates.size()]);
      scorer.picked(teach, placedOn[k]);
    }
    SchedulingContext ctx =
        Fixtures.context(state, Fixtures.request(PROMPT), Phase.DECODE, candidates);
    double[] scores = new double[candidates.size()];
    scorer.score(ctx, scores);
    assertThat(scores).containsExactly(new double[] {0.5 / 4, 0.5 / 2, 0.5}, within(1e-9));

    // A prompt that e1 partly holds is scored by its leading run as before; no spreading.
    SchedulingContext known = Fixtures.context(state,
        Fixtures.request(Fixtures.text(203, 640) + " more"), Phase.DECODE, candidates);
    scorer.score(known, scores);
    assertThat(scores).containsExactly(new double[] {0, 1, 0}, within(1e-9));
  }
}
