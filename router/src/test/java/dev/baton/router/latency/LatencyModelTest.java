package dev.baton.router.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The online model on synthetic observations: a seeded generator, no clocks, no timing. */
class LatencyModelTest {
  private static final HardwareClass H100 = HardwareClass.DEFAULT;

  /** Random TTFT features in the ranges a busy endpoint shows. */
  private static double[] ttftFeatures(Random random) {
    return new double[] {1, random.nextDouble() * 8, random.nextDouble() * 4,
        random.nextDouble() * 2, random.nextDouble() * 2, random.nextDouble()};
  }

  private static double dot(double[] a, double[] x) {
    double y = 0;
    for (int i = 0; i < a.length; i++) {
      y += a[i] * x[i];
    }
    return y;
  }

  /** Feeds {@code samples} observations of {@code truth} with +-5% noise. */
  private static void teach(LatencyModel model, double[] truth, int samples, Random random) {
    for (int i = 0; i < samples; i++) {
      double[] x = ttftFeatures(random);
      double y = dot(truth, x) * (1 + 0.1 * (random.nextDouble() - 0.5));
      model.observeTtft(x, model.predictTtftMs(x), y);
    }
  }

  @Test
  void beforeAnySampleItPredictsTheEngineModel() {
    LatencyModel model = new LatencyModel(H100, 0);
    // An idle H100 computing 1,000 prompt tokens: a step and a half of fixed cost, 30 us a token.
    double[] x = {1, 1, 0, 0, 0, 0};

    assertThat(model.predictTtftMs(x)).isCloseTo(1.5 * 6.0 + 30.0, within(1e-9));
    assertThat(model.ttftSamples()).isZero();
    assertThat(model.ttftError(0.5)).isNaN();
  }

  @Test
  void itLearnsAClassFourTimesSlowerThanItsPriorWithinAFewHundredSamples() {
    LatencyModel model = new LatencyModel(H100, 0);
    double[] prior = LatencyFeatures.ttftPrior(H100);
    // The truth: 4x slower than calibrated (a slower GPU or a larger model), and the engine queue
    // costs 20 ms per 8 waiting requests, which the prior does not know.
    double[] truth = new double[prior.length];
    for (int i = 0; i < prior.length; i++) {
      truth[i] = 4 * prior[i];
    }
    truth[4] = 20;

    teach(model, truth, 600, new Random(1));

    double[] learned = model.ttftCoefficients();
    assertThat(learned[1]).isCloseTo(truth[1], within(0.05 * truth[1]));
    assertThat(learned[2]).isCloseTo(truth[2], within(0.05 * truth[2]));
    // Drift keeps the model's gain up, so a coefficient wanders with the recent noise around the
    // truth (here 5% of ~500 ms on each sample); the predictions below are what count.
    assertThat(learned[4]).isCloseTo(20, within(10.0));
    // The errors of its last 512 predictions (made before each sample was learned): the +-5% noise
    // alone makes 2.5% (p50) and 4.5% (p90); following it costs the model a little more.
    assertThat(model.ttftError(0.5)).isLessThan(0.035);
    assertThat(model.ttftError(0.9)).isLessThan(0.07);
  }

  @Test
  void itFollowsDrift() {
    LatencyModel model = new LatencyModel(H100, 0);
    double[] before = LatencyFeatures.ttftPrior(H100);
    Random random = new Random(2);
    teach(model, before, 400, random);
    double[] after = before.clone();
    for (int i = 0; i < after.length; i++) {
      after[i] *= 2;
    }

    teach(model, after, 600, random);

    double[] x = {1, 4, 2, 1, 0, 0.5};
    assertThat(model.predictTtftMs(x)).isCloseTo(dot(after, x), within(0.05 * dot(after, x)));
  }

  @Test
  void itShedsAColdStartWithinAFewSamples() {
    LatencyModel model = new LatencyModel(H100, 0);
    double[] truth = LatencyFeatures.ttftPrior(H100);
    Random random = new Random(5);
    // A cold start: the first 20 requests take ten times what the engine model says (fresh JVMs,
    // an engine compiling its kernels), each one learned while the model is still unsure.
    for (int i = 0; i < 20; i++) {
      double[] x = ttftFeatures(random);
      model.observeTtft(x, model.predictTtftMs(x), 10 * dot(truth, x));
    }
    double[] x = {1, 2, 1, 0.5, 0, 0.2};
    assertThat(model.predictTtftMs(x)).as("what the cold start taught").isGreaterThan(3 * dot(truth, x));

    // Its predictions are now 10x too high: the first true samples are learned as half of them,
    // and two such in a row make the model unsure again, so the next ones take over.
    teach(model, truth, 20, random);

    assertThat(model.predictTtftMs(x)).isCloseTo(dot(truth, x), within(0.1 * dot(truth, x)));
  }

  @Test
  void oneOutlierMovesTheFitABoundedStepAndFades() {
    LatencyModel model = new LatencyModel(H100, 0);
    double[] truth = LatencyFeatures.ttftPrior(H100);
    Random random = new Random(6);
    teach(model, truth, 300, random);
    double[] x = {1, 2, 1, 0.5, 0, 0.2};

    // A 3 s pause on one request, twenty times what it should have taken.
    model.observeTtft(x, model.predictTtftMs(x), 20 * dot(truth, x));

    assertThat(model.predictTtftMs(x)).isLessThan(2 * dot(truth, x));
    // Not a change (one sample): it fades at the drift's pace, to within the +-7% the drifting
    // model wanders by here anyway.
    teach(model, truth, 60, random);
    assertThat(model.predictTtftMs(x)).isCloseTo(dot(truth, x), within(0.15 * dot(truth, x)));
  }

  @Test
  void aFeatureThatStayedZeroDoesNotSwingTheFitWhenItMoves() {
    LatencyModel model = new LatencyModel(H100, 0);
    double[] truth = LatencyFeatures.ttftPrior(H100);
    Random random = new Random(3);
    // Thousands of samples with no engine queue: drift must not make that direction less certain
    // than the prior.
    for (int i = 0; i < 3_000; i++) {
      double[] x = ttftFeatures(random);
      x[4] = 0;
      model.observeTtft(x, model.predictTtftMs(x), dot(truth, x));
    }
    double[] x = {1, 2, 1, 1, 1, 0.5};
    model.observeTtft(x, model.predictTtftMs(x), dot(truth, x) + 50);

    double[] y = {1, 2, 1, 1, 0, 0.5};
    assertThat(model.predictTtftMs(y)).isCloseTo(dot(truth, y), within(0.1 * dot(truth, y)));
  }

  @Test
  void tpotLearnsFromObservationsToo() {
    LatencyModel model = new LatencyModel(H100, 0);
    Random random = new Random(4);
    double[] truth = {12, 3, 8, 1, 0};
    for (int i = 0; i < 500; i++) {
      double[] x = {1, random.nextDouble() * 3, random.nextDouble() * 2, random.nextDouble(),
          random.nextDouble()};
      model.observeTpot(x, model.predictTpotMs(x), dot(truth, x));
    }

    assertThat(model.tpotSamples()).isEqualTo(500);
    assertThat(model.tpotError(0.9)).isLessThan(0.01);
    assertThat(model.averages().observedTpotMs()).isPositive();
  }
}
