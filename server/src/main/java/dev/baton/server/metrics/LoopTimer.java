package dev.baton.server.metrics;

import io.micrometer.core.instrument.AbstractTimer;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.NoopHistogram;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.util.TimeUtils;
import java.util.concurrent.TimeUnit;

/**
 * A Micrometer {@link io.micrometer.core.instrument.Timer} with fixed buckets whose counts live in a
 * {@link LoopHistogram}, so recording on an event loop writes that loop's own cells. It answers
 * {@link #count}, {@link #totalTime}, {@link #max} and {@link #takeSnapshot} as Micrometer's
 * Prometheus timer does for the same values, and {@link LoopMeterRegistry} exposes it in the same
 * text.
 */
final class LoopTimer extends AbstractTimer {
  private final LoopHistogram histogram;

  LoopTimer(Id id, Clock clock, PauseDetector pauseDetector, LoopHistogram histogram) {
    // No histogram of AbstractTimer's own: it would record every value a second time.
    super(id, clock, pauseDetector, TimeUnit.SECONDS, NoopHistogram.INSTANCE);
    this.histogram = histogram;
  }

  @Override
  protected void recordNonNegative(long amount, TimeUnit unit) {
    histogram.record(TimeUnit.NANOSECONDS.convert(amount, unit));
  }

  /** Records the first {@code n} of {@code nanos} at once (negative ones are dropped). */
  void recordAll(long[] nanos, int n) {
    histogram.recordAll(nanos, n);
  }

  @Override
  public long count() {
    return histogram.totals().count();
  }

  @Override
  public double totalTime(TimeUnit unit) {
    return TimeUtils.nanosToUnit((double) histogram.totals().sumNanos(), unit);
  }

  @Override
  public double max(TimeUnit unit) {
    return TimeUtils.nanosToUnit((double) histogram.totals().maxNanos(), unit);
  }

  /** Count, total and max in nanoseconds, buckets cumulative, as Micrometer's timers snapshot. */
  @Override
  public HistogramSnapshot takeSnapshot() {
    LoopHistogram.Totals totals = histogram.totals();
    long[] bounds = histogram.bounds();
    CountAtBucket[] counts = new CountAtBucket[bounds.length];
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += totals.buckets()[i];
      counts[i] = new CountAtBucket((double) bounds[i], (double) cumulative);
    }
    return new HistogramSnapshot(totals.count(), (double) totals.sumNanos(),
        (double) totals.maxNanos(), null, counts, null);
  }
}
