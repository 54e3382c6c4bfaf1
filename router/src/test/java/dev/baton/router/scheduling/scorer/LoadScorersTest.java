package dev.baton.router.scheduling.scorer;

import static dev.baton.router.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.EngineLoad;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;
import dev.baton.router.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: endpoints (engine metrics, Baton's in-flight counts) in, scores out. */
class LoadScorersTest {
  private static final long MAX_AGE = 2_000_000_000L;
  private static final long STALE = T0 - 3_000_000_000L;

  /** One candidate: engine metrics plus Baton's own count of requests of 1,000 tokens each. */
  record E(EngineLoad load, int inFlight) {
    static E fresh(int running, int waiting, double kv, int inFlight) {
      return new E(Fixtures.load(running, waiting, kv, T0), inFlight);
    }

    static E stale(int running, int waiting, double kv, int inFlight) {
      return new E(Fixtures.load(running, waiting, kv, STALE), inFlight);
    }

    static E unscraped(int inFlight) {
      return new E(EngineLoad.UNKNOWN, inFlight);
    }
  }

  static Stream<Arguments> cases() {
    Scorer queue = new QueueDepthScorer(MAX_AGE, 4);
    Scorer kv = new KvCacheUtilizationScorer(MAX_AGE, 16_384);
    Scorer running = new RunningRequestsScorer(MAX_AGE, 8);
    Scorer requests = new InFlightRequestsScorer(8);
    Scorer tokens = new InFlightTokensScorer(16_384);
    return Stream.of(
        row("queue: waiting spread", queue,
            List.of(E.fresh(0, 0, 0, 0), E.fresh(0, 2, 0, 0), E.fresh(0, 4, 0, 0)), 1, 0.5, 0),
        row("queue: wide spread is min-max", queue,
            List.of(E.fresh(0, 0, 0, 0), E.fresh(0, 10, 0, 0), E.fresh(0, 20, 0, 0)), 1, 0.5, 0),
        row("queue: a small gap stays small", queue,
            List.of(E.fresh(0, 0, 0, 0), E.fresh(0, 1, 0, 0)), 1, 0.75),
        row("queue: all equal", queue,
            List.of(E.fresh(0, 3, 0, 0), E.fresh(0, 3, 0, 0)), 1, 1),
        row("queue: one stale -> in-flight for all", queue,
            List.of(E.fresh(0, 9, 0, 0), E.stale(0, 0, 0, 2)), 1, 0.5),
        row("queue: never scraped -> in-flight", queue,
            List.of(E.unscraped(4), E.unscraped(0)), 0, 1),
        row("kv: 1 - usage", kv,
            List.of(E.fresh(0, 0, 0.2, 0), E.fresh(0, 0, 0.9, 0)), 0.8, 0.1),
        row("kv: stale -> in-flight tokens", kv,
            List.of(E.stale(0, 0, 0.0, 8), E.stale(0, 0, 0.9, 0)), 1 - 8_000.0 / 16_384, 1),
        row("running: batch size", running,
            List.of(E.fresh(0, 0, 0, 5), E.fresh(8, 0, 0, 0), E.fresh(4, 0, 0, 0)), 1, 0, 0.5),
        row("running: stale -> in-flight", running,
            List.of(E.stale(0, 0, 0, 4), E.stale(8, 0, 0, 0)), 0.5, 1),
        row("inflight-requests", requests,
            List.of(E.fresh(9, 9, 0.9, 0), E.fresh(0, 0, 0, 4), E.fresh(0, 0, 0, 16)), 1, 0.75, 0),
        row("inflight-requests: all equal", requests,
            List.of(E.unscraped(3), E.unscraped(3)), 1, 1),
        row("inflight-tokens", tokens,
            List.of(E.unscraped(0), E.unscraped(1), E.unscraped(32)),
            1, 1 - 1000.0 / 32_000, 0));
  }

  private static Arguments row(String name, Scorer scorer, List<E> endpoints, double... scores) {
    return Arguments.of(name, scorer, endpoints, scores);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void scores(String name, Scorer scorer, List<E> endpoints, double[] expected) {
    List<EndpointState> candidates = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      EndpointState e = Fixtures.endpoint("e" + i);
      e.load(endpoints.get(i).load());
      Fixtures.inFlight(e, endpoints.get(i).inFlight(), 1_000);
      candidates.add(e);
    }
    SchedulingContext ctx = Fixtures.context(
        Fixtures.state(new Fixtures.Clock(), 1), Fixtures.request("hi"), Phase.DECODE, candidates);
    double[] scores = new double[candidates.size()];
    scorer.score(ctx, scores);
    for (int i = 0; i < expected.length; i++) {
      assertThat(scores[i]).as("score of e%d", i).isCloseTo(expected[i], within(1e-9));
    }
  }
}
