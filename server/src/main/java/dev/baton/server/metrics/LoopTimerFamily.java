package dev.baton.server.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@link LoopTimer}s of one Prometheus name, collected as Micrometer's Prometheus registry
 * collects its timers: a histogram family (buckets in seconds, {@code +Inf}, {@code _count},
 * {@code _sum}) and a {@code _max} gauge family, with the same help text and labels, so the scrape
 * reads the same byte for byte (LoopMeterRegistryTest compares the two).
 */
final class LoopTimerFamily implements MultiCollector {
  private final String name;
  private final String help;
  private final Map<Meter.Id, Series> series = new ConcurrentHashMap<>();

  private record Series(LoopTimer timer, Labels labels, long createdMillis) {}

  LoopTimerFamily(String name, String help) {
    this.name = name;
    this.help = help;
  }

  void add(Meter.Id id, LoopTimer timer, Labels labels, long createdMillis) {
    series.put(id, new Series(timer, labels, createdMillis));
  }

  /** Forgets a removed meter's series; true when the family has none left. */
  boolean remove(Meter.Id id) {
    series.remove(id);
    return series.isEmpty();
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(name, name + "_max");
  }

  @Override
  public MetricSnapshots collect() {
    List<HistogramDataPointSnapshot> histograms = new ArrayList<>();
    List<GaugeDataPointSnapshot> maxima = new ArrayList<>();
    for (Series s : series.values()) {
      HistogramSnapshot snapshot = s.timer().takeSnapshot();
      histograms.add(new HistogramDataPointSnapshot(buckets(snapshot),
          snapshot.total(TimeUnit.SECONDS), s.labels(), Exemplars.EMPTY, s.createdMillis()));
      maxima.add(new GaugeDataPointSnapshot(snapshot.max(TimeUnit.SECONDS), s.labels(), null));
    }
    return MetricSnapshots.of(
        new io.prometheus.metrics.model.snapshots.HistogramSnapshot(false,
            new MetricMetadata(name, help, null), histograms),
        new GaugeSnapshot(new MetricMetadata(name + "_max", help, null), maxima));
  }

  /** Cumulative counts turned into per-bucket ones plus {@code +Inf}, the model's form. */
  private static ClassicHistogramBuckets buckets(HistogramSnapshot snapshot) {
    CountAtBucket[] counts = snapshot.histogramCounts();
    List<Double> bounds = new ArrayList<>(counts.length + 1);
    List<Long> perBucket = new ArrayList<>(counts.length + 1);
    long below = 0;
    for (CountAtBucket c : counts) {
      bounds.add(c.bucket(TimeUnit.SECONDS));
      perBucket.add((long) c.count() - below);
      below = (long) c.count();
    }
    bounds.add(Double.POSITIVE_INFINITY);
    perBucket.add(Math.max(0, snapshot.count() - below));
    return ClassicHistogramBuckets.of(bounds, perBucket);
  }
}
