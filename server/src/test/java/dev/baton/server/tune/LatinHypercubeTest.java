package dev.baton.server.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Latin-hypercube samples: one point per stratum in every dimension, repeatable by seed. */
class LatinHypercubeTest {

  @Test
  void everyStratumOfEveryDimensionHoldsExactlyOnePoint() {
    int n = 37;
    double[][] points = LatinHypercube.sample(n, 9, 42);
    for (int d = 0; d < 9; d++) {
      int[] perStratum = new int[n];
      for (double[] point : points) {
        assertThat(point[d]).isGreaterThanOrEqualTo(0).isLessThan(1);
        perStratum[(int) Math.floor(point[d] * n)]++;
      }
      int dimension = d;
      assertThat(perStratum).as("dimension %d", dimension).containsOnly(1);
    }
  }

  @Test
  void theSameSeedGivesTheSameSampleAndAnotherSeedAnother() {
    assertThat(LatinHypercube.sample(20, 8, 7)).isDeepEqualTo(LatinHypercube.sample(20, 8, 7));
    assertThat(Arrays.deepEquals(LatinHypercube.sample(20, 8, 7), LatinHypercube.sample(20, 8, 8)))
        .isFalse();
  }

  @Test
  void eachKnobsRangeIsCoveredEndToEnd() {
    SearchSpace space = SearchSpace.forFleet(true);
    double[][] unit = LatinHypercube.sample(30, space.dimensions(), 3);
    for (int d = 0; d < space.dimensions(); d++) {
      Knob knob = space.knobs().get(d);
      double low = Double.MAX_VALUE;
      double high = -Double.MAX_VALUE;
      for (double[] u : unit) {
        double v = space.pointAt(u).get(knob);
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
      double span = knob.high() - knob.low();
      assertThat(low).as(knob.key()).isLessThanOrEqualTo(knob.low() + span * 0.1);
      assertThat(high).as(knob.key()).isGreaterThanOrEqualTo(knob.high() - span * 0.1
          - (knob == Knob.PICKER ? 1 : 0));
    }
  }
}
