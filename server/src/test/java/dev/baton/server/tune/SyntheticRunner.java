package dev.baton.server.tune;

import dev.baton.bench.BenchSummary;
import dev.baton.bench.stats.LatencySummary;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A trial runner with a known optimum and no replay: a sample's TTFT p90 is 100 ms plus 1000 ms
 * times its squared distance from {@link #OPTIMUM} (each knob scaled to its range), plus optional
 * noise that shrinks with the slice, as a real replay's does. The current profile scores as the
 * default point. Each trial advances a fake clock by {@code secondsPerShare} times its slice, so
 * budgets are exercised without waiting.
 */
final class SyntheticRunner implements TrialRunner {

  static final Map<Knob, Double> OPTIMUM = Map.of(
      Knob.PREFIX_CACHE_WEIGHT, 6.5, Knob.QUEUE_DEPTH_WEIGHT, 0.5,
      Knob.KV_CACHE_UTILIZATION_WEIGHT, 1.0, Knob.INFLIGHT_REQUESTS_WEIGHT, 4.0,
      Knob.INFLIGHT_TOKENS_WEIGHT, 3.0, Knob.SESSION_AFFINITY_WEIGHT, 10.0,
      Knob.NEW_PREFIX_SCORE, 0.2, Knob.PICKER, 1.0, Knob.UNCACHED_TOKEN_THRESHOLD, 1024.0);

  final AtomicLong clockNanos = new AtomicLong();
  final AtomicInteger runs = new AtomicInteger();
  private final double secondsPerShare;
  private final double noise;
  private final double fixedSeconds;

  SyntheticRunner(double secondsPerShare, double noise) {
    this(secondsPerShare, noise, 0);
  }

  /** Each trial also costs {@code fixedSeconds}, as a replay's start-up and tail do. */
  SyntheticRunner(double secondsPerShare, double noise, double fixedSeconds) {
    this.secondsPerShare = secondsPerShare;
    this.noise = noise;
    this.fixedSeconds = fixedSeconds;
  }

  /** The noiseless TTFT p90 of a point. */
  static double trueTtft(ProfilePoint point) {
    double distance = 0;
    for (Knob knob : point.values().keySet()) {
      double d = (point.get(knob) - OPTIMUM.get(knob)) / (knob.high() - knob.low());
      distance += d * d;
    }
    return 100 + 1000 * distance;
  }

  static ProfilePoint defaultPoint(SearchSpace space) {
    Map<Knob, Double> values = new java.util.EnumMap<>(Knob.class);
    space.knobs().forEach(k -> values.put(k, k.defaultValue()));
    return new ProfilePoint(values);
  }

  @Override
  public BenchSummary run(Candidate candidate, TracePart slice) {
    runs.incrementAndGet();
    clockNanos.addAndGet((long) ((fixedSeconds + secondsPerShare * slice.size()) * 1e9));
    ProfilePoint point = switch (candidate) {
      case Candidate.Sampled s -> s.point();
      case Candidate.Reference r -> defaultPoint(SearchSpace.forFleet(true));
    };
    // Deterministic noise per (candidate, slice): a tune repeats exactly; shorter slices are noisier.
    long seed = candidate.label().hashCode() * 31L + Double.hashCode(slice.from() + 7 * slice.to());
    double jitter = new java.util.Random(seed).nextGaussian() * noise / Math.sqrt(slice.size());
    return summary(trueTtft(point) + jitter);
  }

  /** The part's share of the whole trace's time; the fixed cost is not part of the span. */
  @Override
  public double traceSeconds(TracePart part) {
    return secondsPerShare * part.size();
  }

  static BenchSummary summary(double ttftP90) {
    LatencySummary ttft = new LatencySummary(100, ttftP90 / 2, ttftP90 / 2, ttftP90, ttftP90,
        ttftP90);
    return new BenchSummary("replay", "in-process", "m", "chat", "trace", "open-loop", null, null,
        1, 100, 100, 0, Map.of(), Map.of(), 0, 10, 10, 1000, 100, 5000, 2000, ttft,
        LatencySummary.EMPTY, ttft, LatencySummary.EMPTY);
  }
}
