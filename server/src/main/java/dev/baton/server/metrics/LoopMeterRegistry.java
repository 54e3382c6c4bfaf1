package dev.baton.server.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;

/**
 * Micrometer's Prometheus registry, except that a timer with fixed buckets (service-level
 * objectives, no client-side percentiles) is a {@link LoopTimer}: every event loop records into
 * its own cells and a scrape adds them up. Baton records a request's latencies and each of its
 * inter-token gaps this way, on the event loops, so what Micrometer's timer costs per value (shared
 * adders, a CAS loop per max slot, a clock read) was a twentieth of the loops' time (issue 18).
 * Other meters, and timers with percentiles, are Micrometer's own. The scrape is the same text
 * either way: same names, labels, buckets, {@code _count}, {@code _sum}, {@code _max}, HELP and TYPE.
 */
public final class LoopMeterRegistry extends PrometheusMeterRegistry {
  private final PrometheusConfig prometheusConfig;
  private final Map<String, LoopTimerFamily> families = new HashMap<>();

  public LoopMeterRegistry() {
    this(PrometheusConfig.DEFAULT, Clock.SYSTEM);
  }

  /** A registry on {@code clock} (tests move it to age the timers' max). */
  public LoopMeterRegistry(PrometheusConfig config, Clock clock) {
    super(config, new PrometheusRegistry(), clock);
    this.prometheusConfig = config;
    config().onMeterRemoved(this::forget);
  }

  @Override
  protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config,
      PauseDetector pauseDetector) {
    long[] bounds = fixedBounds(config);
    if (bounds == null) {
      return super.newTimer(id, config, pauseDetector);
    }
    LoopHistogram histogram = new LoopHistogram(bounds, clock::wallTime,
        config.getExpiry().toMillis(), config.getBufferLength());
    LoopTimer timer = new LoopTimer(id, clock, pauseDetector, histogram);
    family(id).add(id, timer, labels(id), clock.wallTime());
    return timer;
  }

  /** The bucket bounds in whole nanoseconds, or null if the timer is not one this registry keeps. */
  private static long[] fixedBounds(DistributionStatisticConfig config) {
    if (config.isPublishingPercentiles() || Boolean.TRUE.equals(config.isPercentileHistogram())) {
      return null;
    }
    NavigableSet<Double> buckets = config.getHistogramBuckets(false);
    if (buckets.isEmpty()) {
      return null;
    }
    long[] bounds = new long[buckets.size()];
    int i = 0;
    for (double b : buckets) {
      if (b != Math.rint(b) || b < 0 || b >= Long.MAX_VALUE) {
        return null;
      }
      bounds[i++] = (long) b;
    }
    return bounds;
  }

  private synchronized LoopTimerFamily family(Meter.Id id) {
    String name = getConventionName(id);
    return families.computeIfAbsent(name, n -> {
      String description = id.getDescription();
      LoopTimerFamily family = new LoopTimerFamily(n,
          prometheusConfig.descriptions() && description != null ? description : " ");
      getPrometheusRegistry().register(family);
      return family;
    });
  }

  /** Label names as the naming convention spells the tag keys, values as tagged (as Micrometer). */
  private Labels labels(Meter.Id id) {
    List<String> keys = new ArrayList<>();
    getConventionTags(id).forEach(t -> keys.add(t.getKey()));
    List<String> values = new ArrayList<>();
    id.getTagsAsIterable().forEach((Tag t) -> values.add(t.getValue()));
    return Labels.of(keys, values);
  }

  private synchronized void forget(Meter meter) {
    if (!(meter instanceof LoopTimer)) {
      return;
    }
    String name = getConventionName(meter.getId());
    LoopTimerFamily family = families.get(name);
    if (family != null && family.remove(meter.getId())) {
      families.remove(name);
      getPrometheusRegistry().unregister(family);
    }
  }
}
