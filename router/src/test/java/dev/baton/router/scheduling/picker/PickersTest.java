package dev.baton.router.scheduling.picker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.plugin.Picker;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: weighted scores in, how often each candidate is picked over 4,000 picks out. The
 * expected shares are exact for deterministic pickers and bands for random ones (seeded, but the
 * bands are wide enough for any seed).
 */
class PickersTest {
  private static final int PICKS = 4_000;

  static Stream<Arguments> cases() {
    return Stream.of(
        row("max-score: clear winner", new MaxScorePicker(), new double[] {1, 3, 2},
            new double[] {0, 1, 0}, 0),
        row("max-score: ties shared evenly", new MaxScorePicker(), new double[] {2, 5, 5, 5},
            new double[] {0, 1 / 3.0, 1 / 3.0, 1 / 3.0}, 0.05),
        row("weighted-random: proportional", new WeightedRandomPicker(), new double[] {1, 3, 0},
            new double[] {0.25, 0.75, 0}, 0.04),
        row("weighted-random: all zero is uniform", new WeightedRandomPicker(),
            new double[] {0, 0}, new double[] {0.5, 0.5}, 0.05),
        // Of 3 candidates, the best wins every pair it is drawn in (2 of 3 pairs), the middle one
        // wins 1 of 3 pairs, the worst never wins.
        row("power-of-two: better of two", new PowerOfTwoPicker(), new double[] {1, 2, 3},
            new double[] {0, 1 / 3.0, 2 / 3.0}, 0.04),
        row("round-robin: ignores scores", new RoundRobinPicker(), new double[] {0, 9, 0, 0},
            new double[] {0.25, 0.25, 0.25, 0.25}, 0));
  }

  private static Arguments row(
      String name, Picker picker, double[] scores, double[] shares, double tolerance) {
    return Arguments.of(name, picker, scores, shares, tolerance);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void picks(String name, Picker picker, double[] scores, double[] shares, double tolerance) {
    List<EndpointState> candidates = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      candidates.add(Fixtures.endpoint("e" + i));
    }
    SchedulingContext ctx = Fixtures.context(Fixtures.state(new Fixtures.Clock(), 7),
        Fixtures.request("hi"), Phase.DECODE, candidates);
    int[] counts = new int[scores.length];
    for (int i = 0; i < PICKS; i++) {
      counts[picker.pick(ctx, scores)]++;
    }
    for (int i = 0; i < scores.length; i++) {
      assertThat((double) counts[i] / PICKS)
          .as("share of e%d (counts %s)", i, java.util.Arrays.toString(counts))
          .isBetween(shares[i] - tolerance - 1e-9, shares[i] + tolerance + 1e-9);
    }
  }
}
