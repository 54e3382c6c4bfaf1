package dev.baton.router.latency;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Pool;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The latency models of every hardware class, and the classes themselves (cost and engine timings
 * from YAML). One per process, in the {@code SchedulerState}, so what was learned survives config
 * reloads; a reload that changes a class's engine timings restarts its model from the new prior.
 *
 * <p>An endpoint's class is its {@value #HARDWARE_LABEL} label; without it, or with a class the
 * YAML does not declare, the endpoint shares the class {@value HardwareClass#DEFAULT_NAME} (the
 * H100 calibration unless the YAML declares {@code default}).
 */
public final class LatencyModels {
  /** The endpoint label naming its hardware class. */
  public static final String HARDWARE_LABEL = "hardware";

  /**
   * A class that learned nothing for this long starts again from its prior. Without it, a class
   * that was mispredicted as slow (a cold JVM's first requests, a burst) would never be chosen
   * again, so never observed, so never corrected.
   */
  public static final long FORGET_AFTER_NANOS = 10_000_000_000L;

  private final LongSupplier clock;
  private volatile Map<String, HardwareClass> classes = Map.of();
  private final ConcurrentHashMap<String, LatencyModel> models = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ClassUsage> usage = new ConcurrentHashMap<>();

  /** @param clock the scheduler state's clock ({@link System#nanoTime()} in production) */
  public LatencyModels(LongSupplier clock) {
    this.clock = clock;
  }

  /** The clock the models' freshness is judged by. */
  public long nanoTime() {
    return clock.getAsLong();
  }

  /** Declares the hardware classes (a config load or reload). */
  public void classes(Map<String, HardwareClass> declared) {
    Map<String, HardwareClass> next = Map.copyOf(declared);
    classes = next;
    // A model keeps what it learned unless its class's engine model changed under it.
    models.entrySet().removeIf(e -> !e.getValue().hardware().equals(classOf(e.getKey(), next)));
  }

  /** The declared classes, by name. */
  public Map<String, HardwareClass> classes() {
    return classes;
  }

  /** The class of an endpoint: its label's, when declared, else the default class. */
  public HardwareClass classOf(Endpoint endpoint) {
    return classOf(endpoint.labels().get(HARDWARE_LABEL), classes);
  }

  private static HardwareClass classOf(String name, Map<String, HardwareClass> declared) {
    HardwareClass c = name == null ? null : declared.get(name);
    if (c != null) {
      return c;
    }
    HardwareClass fallback = declared.get(HardwareClass.DEFAULT_NAME);
    return fallback != null ? fallback : HardwareClass.DEFAULT;
  }

  /**
   * The model of {@code e}'s class, created from the class's prior on first use, and again when it
   * learned nothing for {@link #FORGET_AFTER_NANOS}.
   */
  public LatencyModel modelOf(EndpointState e) {
    HardwareClass c = classOf(e.endpoint());
    long now = clock.getAsLong();
    LatencyModel m = models.get(c.name());
    if (m != null && usable(m, c, now)) {
      return m;
    }
    return models.compute(c.name(),
        (name, old) -> old != null && usable(old, c, now) ? old
            : new LatencyModel(c, now, usageOf(name)));
  }

  private static boolean usable(LatencyModel m, HardwareClass c, long now) {
    return m.hardware().equals(c) && now - m.learnedAtNanos() <= FORGET_AFTER_NANOS;
  }

  /** The model of the class named {@code className}, or null before it predicted anything. */
  public LatencyModel model(String className) {
    return models.get(className);
  }

  /** Every model created so far, by class name (metrics, the dashboard, reports). */
  public Map<String, LatencyModel> models() {
    return Map.copyOf(models);
  }

  /**
   * The lowest TTFT predicted for a prompt of {@code promptTokens} on any schedulable endpoint of
   * {@code pool} serving {@code model}, as if nothing of it were cached (a cautious bound for
   * refusing early); infinite when no endpoint can take it. Allocates one small array.
   */
  public double bestTtftMs(Pool pool, String model, int promptTokens, long nowNanos) {
    double best = Double.POSITIVE_INFINITY;
    double[] x = new double[LatencyFeatures.TTFT];
    for (EndpointState e : pool.endpoints()) {
      if (!e.schedulable() || !e.endpoint().serves(model)) {
        continue;
      }
      LatencyFeatures.ttft(e, promptTokens, nowNanos, x);
      best = Math.min(best, modelOf(e).predictTtftMs(x));
    }
    return best;
  }

  /**
   * Starts watching one request routed whole to {@code e} with {@code uncachedTokens} to compute:
   * records its features and predictions, and counts its tokens as pending prefill on {@code e}
   * until {@link LatencyObservation#firstToken} or {@link LatencyObservation#end}.
   */
  public LatencyObservation begin(EndpointState e, int uncachedTokens, long nowNanos) {
    return begin(e, uncachedTokens, nowNanos, LatencyObservation.Leg.WHOLE);
  }

  /**
   * Starts watching one leg of a request on {@code e}: a decode leg computes no prompt (pass 0 or
   * anything: it is not counted as pending prefill).
   */
  public LatencyObservation begin(EndpointState e, int uncachedTokens, long nowNanos,
      LatencyObservation.Leg leg) {
    LatencyModel model = modelOf(e);
    return LatencyObservation.start(model, model.usage(), leg, e, uncachedTokens, nowNanos, clock);
  }

  /** What the class named {@code className} served since start (created on first use). */
  public ClassUsage usageOf(String className) {
    return usage.computeIfAbsent(className, c -> new ClassUsage());
  }

  /** What every class served so far, by class name. */
  public Map<String, ClassUsage> usage() {
    return Map.copyOf(usage);
  }
}
