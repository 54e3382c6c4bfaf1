package dev.baton.router.latency;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one hardware class served since start: prompt tokens computed, output tokens generated, and
 * what that work cost by the class's price and engine timings ({@link HardwareClass#cost}: the
 * busy time the engine model gives the tokens, at the class's cost per hour). For the dashboard's
 * and the metrics' cost per 1M tokens served; kept apart from the latency model, which starts again
 * when it goes stale, so the totals survive. Lock-free adders: recorded on event loops, read by
 * scrapes.
 */
public final class ClassUsage {
  private final LongAdder requests = new LongAdder();
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();
  private final DoubleAdder cost = new DoubleAdder();

  /** Records one leg served by {@code hardware}: its computed prompt and generated tokens. */
  void record(HardwareClass hardware, long prompt, long output) {
    requests.increment();
    promptTokens.add(Math.max(prompt, 0));
    outputTokens.add(Math.max(output, 0));
    cost.add(hardware.cost(Math.max(prompt, 0), Math.max(output, 0)));
  }

  /** Request legs served (a split request counts once on each side's class). */
  public long requests() {
    return requests.sum();
  }

  public long promptTokens() {
    return promptTokens.sum();
  }

  public long outputTokens() {
    return outputTokens.sum();
  }

  /** Total priced work, in the unit of the classes' {@code costPerHour}. */
  public double cost() {
    return cost.sum();
  }

  /** Cost per 1M tokens served (prompt computed plus output generated), NaN before any. */
  public double costPerMillionTokens() {
    long tokens = promptTokens() + outputTokens();
    return tokens == 0 ? Double.NaN : cost() / tokens * 1e6;
  }

  /** Cost per 1M output tokens, NaN before any (a prefill-only class generates none). */
  public double costPerMillionOutputTokens() {
    long tokens = outputTokens();
    return tokens == 0 ? Double.NaN : cost() / tokens * 1e6;
  }
}
