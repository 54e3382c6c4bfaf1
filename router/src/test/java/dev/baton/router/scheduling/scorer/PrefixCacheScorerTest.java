package dev.baton.router.scheduling.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.prefix.PrefixIndex;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.matcher.ApproximatePrefixMatcher;
import dev.baton.router.scheduling.plugin.PrefixMatcher;
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
 * earlier and its in-flight requests; out, the prefix score (matched tokens over the prompt's 320,
 * as the approximate matcher reports them: whole 64-character blocks).
 */
class PrefixCacheScorerTest {
  private static final String PROMPT = Fixtures.text(11, 1_280);

  private static PrefixMatcher[] approximate(SchedulerState state) {
    return new PrefixMatcher[] {new ApproximatePrefixMatcher(
        state.prefixIndex(new PrefixIndex.Settings(64, 256, 10_000, 64)))};
  }

  /** What the scheduler does around a scorer: match, score, and on a pick tell both. */
  private static void decide(PrefixMatcher[] matchers, PrefixCacheScorer scorer,
      SchedulingContext ctx, double[] scores, int picked) {
    ctx.matchPrefixes(matchers);
    scorer.score(ctx, scores);
    if (picked >= 0) {
      matchers[0].picked(ctx, picked);
      scorer.picked(ctx, picked);
    }
  }

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
    PrefixMatcher[] matchers = approximate(state);
    PrefixCacheScorer scorer = new PrefixCacheScorer(2, 0.25, 0, 0);
    List<EndpointState> candidates = new ArrayList<>();
    for (int i = 0; i < sentChars.length; i++) {
      EndpointState e = Fixtures.inFlight(Fixtures.endpoint("e" + i), inFlight[i], 100);
      candidates.add(e);
      if (sentChars[i] > 0) {
        // Teach the index the way the scheduler does: score, then report the pick.
        String sent = PROMPT.substring(0, sentChars[i]) + Fixtures.text(100 + i, 200);
        SchedulingContext teach =
            Fixtures.context(state, Fixtures.request(sent), Phase.DECODE, List.of(e));
        decide(matchers, scorer, teach, new double[1], 0);
      }
    }
    SchedulingContext ctx =
        Fixtures.context(state, Fixtures.request(PROMPT), Phase.DECODE, candidates);
    double[] scores = new double[candidates.size()];
    decide(matchers, scorer, ctx, scores, -1);
    assertThat(scores).containsExactly(expected, within(1e-9));
    for (int i = 0; i < sentChars.length; i++) {
      // The matched tokens feed the P/D decision undiscounted: 4 characters a token here.
      assertThat(ctx.matchedTokens(i)).isEqualTo(Math.min(sentChars[i], 1280) / 64 * 16);
      assertThat(ctx.uncachedTokens(i)).isEqualTo(320 - ctx.matchedTokens(i));
    }
  }

  @org.junit.jupiter.api.Test
  void promptsNobodyHoldsGoWhereTheFewestNewPrefixesWent() {
    SchedulerState state = Fixtures.state(new Fixtures.Clock(), 1);
    PrefixMatcher[] matchers = approximate(state);
    PrefixCacheScorer scorer = new PrefixCacheScorer(2, 0.25, 0, 0.5);
    List<EndpointState> candidates = List.of(
        Fixtures.endpoint("e0"), Fixtures.endpoint("e1"), Fixtures.endpoint("e2"));
    // Three distinct contexts were placed on e0, one on e1, none on e2.
    int[] placedOn = {0, 0, 0, 1};
    for (int k = 0; k < placedOn.length; k++) {
      SchedulingContext teach = Fixtures.context(state,
          Fixtures.request(Fixtures.text(200 + k, 640)), Phase.DECODE, candidates);
      decide(matchers, scorer, teach, new double[candidates.size()], placedOn[k]);
    }
    SchedulingContext ctx =
        Fixtures.context(state, Fixtures.request(PROMPT), Phase.DECODE, candidates);
    double[] scores = new double[candidates.size()];
    decide(matchers, scorer, ctx, scores, -1);
    assertThat(scores).containsExactly(new double[] {0.5 / 4, 0.5 / 2, 0.5}, within(1e-9));

    // A prompt that e1 holds all but the last 5 characters of is scored by its match; no spreading.
    SchedulingContext known = Fixtures.context(state,
        Fixtures.request(Fixtures.text(203, 640) + " more"), Phase.DECODE, candidates);
    decide(matchers, scorer, known, scores, -1);
    // 645 characters are 162 tokens; the 640 matched characters are 160 of them.
    assertThat(scores).containsExactly(new double[] {0, 160.0 / 162, 0}, within(1e-9));

    // A prompt shorter than one block cannot be looked up: no score, and not counted as new.
    SchedulingContext tiny =
        Fixtures.context(state, Fixtures.request("hi"), Phase.DECODE, candidates);
    decide(matchers, scorer, tiny, scores, 2);
    assertThat(scores).containsExactly(new double[] {0, 0, 0}, within(1e-9));
    assertThat(candidates.get(2).newPrefixes()).isZero();
  }
}
