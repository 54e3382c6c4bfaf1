package dev.baton.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PoissonArrivalsTest {

  @Test
  void gapsAverageOneOverTheRateAndVaryLikeAnExponential() {
    PoissonArrivals arrivals = new PoissonArrivals(100, 1);
    int n = 20_000;
    long previous = 0;
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < n; i++) {
      long at = arrivals.takeNanos();
      double gapMillis = (at - previous) / 1e6;
      assertThat(gapMillis).isGreaterThanOrEqualTo(0);
      sum += gapMillis;
      sumSquares += gapMillis * gapMillis;
      previous = at;
    }
    double mean = sum / n;
    double sd = Math.sqrt(sumSquares / n - mean * mean);
    assertThat(mean).isBetween(9.5, 10.5);
    assertThat(sd / mean).isBetween(0.95, 1.05);
  }

  @Test
  void theScheduleIsReproducibleForOneSeed() {
    PoissonArrivals a = new PoissonArrivals(5, 42);
    PoissonArrivals b = new PoissonArrivals(5, 42);
    PoissonArrivals c = new PoissonArrivals(5, 43);
    boolean differs = false;
    for (int i = 0; i < 100; i++) {
      assertThat(a.peekNanos()).isEqualTo(b.peekNanos());
      long next = a.takeNanos();
      assertThat(b.takeNanos()).isEqualTo(next);
      differs |= c.takeNanos() != next;
    }
    assertThat(differs).isTrue();
  }

  @Test
  void rejectsANonPositiveRate() {
    assertThatThrownBy(() -> new PoissonArrivals(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
