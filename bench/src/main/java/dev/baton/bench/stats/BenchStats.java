package dev.baton.bench.stats;

import dev.baton.bench.client.ErrorKind;
import dev.baton.bench.client.ExchangeResult;
import dev.baton.bench.client.SloHeaders;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the measured requests produced, recorded from several event loops at once without locks:
 * HdrHistograms in microseconds (3 significant digits, up to an hour) and adders for the counts.
 * Latencies come from successful requests only; inter-token gaps are recorded as they happen.
 */
public final class BenchStats {

  private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

  private final Histogram ttft = new ConcurrentHistogram(MAX_MICROS, 3);
  private final Histogram itl = new ConcurrentHistogram(MAX_MICROS, 3);
  private final Histogram e2e = new ConcurrentHistogram(MAX_MICROS, 3);
  private final Histogram sendLag = new ConcurrentHistogram(MAX_MICROS, 3);
  private final LongAdder ok = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder cachedTokens = new LongAdder();
  private final Map<ErrorKind, LongAdder> errors = new EnumMap<>(ErrorKind.class);
  private final Map<ErrorKind, String> errorSamples = new ConcurrentHashMap<>();
  /** The run's TTFT objective (its {@code --header}), or null; a prompt's own header wins. */
  private final Double runObjectiveMs;
  private final LongAdder withObjective = new LongAdder();
  private final LongAdder withinObjective = new LongAdder();

  /** Stats of a run without a run-wide TTFT objective. */
  public BenchStats() {
    this(null);
  }

  /** @param runObjectiveMs the TTFT objective every request carries unless its prompt sets one */
  public BenchStats(Double runObjectiveMs) {
    this.runObjectiveMs = runObjectiveMs;
    for (ErrorKind kind : ErrorKind.values()) {
      errors.put(kind, new LongAdder());
    }
  }

  public void recordInterTokenGap(long nanos) {
    itl.recordValue(micros(nanos));
  }

  /** How late a request left compared to when it was due (its arrival time in open loop). */
  public void recordSendLag(long nanos) {
    sendLag.recordValue(micros(nanos));
  }

  public void record(ExchangeResult result) {
    if (!result.ok()) {
      errors.get(result.error()).increment();
      if (result.errorDetail() != null) {
        errorSamples.putIfAbsent(result.error(), result.errorDetail());
      }
      return;
    }
    ok.increment();
    outputTokens.add(result.outputTokens());
    if (result.promptTokens() >= 0) {
      promptTokens.add(result.promptTokens());
    }
    if (result.cachedTokens() >= 0) {
      cachedTokens.add(result.cachedTokens());
    }
    if (result.ttftNanos() >= 0) {
      ttft.recordValue(micros(result.ttftNanos()));
      countObjective(result);
    }
    e2e.recordValue(micros(result.e2eNanos()));
  }

  public long ok() {
    return ok.sum();
  }

  public long errors() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long outputTokens() {
    return outputTokens.sum();
  }

  public long promptTokens() {
    return promptTokens.sum();
  }

  public long cachedTokens() {
    return cachedTokens.sum();
  }

  /** Error counts by {@link ErrorKind#key()}, every kind present (zero when none). */
  public Map<String, Long> errorsByKind() {
    Map<String, Long> counts = new LinkedHashMap<>();
    errors.forEach((kind, count) -> counts.put(kind.key(), count.sum()));
    return counts;
  }

  /** The first failure detail seen for each kind that occurred. */
  public Map<String, String> errorSamples() {
    Map<String, String> samples = new LinkedHashMap<>();
    for (ErrorKind kind : ErrorKind.values()) {
      String sample = errorSamples.get(kind);
      if (sample != null) {
        samples.put(kind.key(), sample);
      }
    }
    return samples;
  }

  /** Whether a successful request's first token came within its own (or the run's) objective. */
  private void countObjective(ExchangeResult result) {
    Double own = SloHeaders.ttftObjectiveMs(result.prompt().headers());
    Double objective = own != null ? own : runObjectiveMs;
    if (objective == null) {
      return;
    }
    withObjective.increment();
    if (micros(result.ttftNanos()) <= (long) (objective * 1000)) {
      withinObjective.increment();
    }
  }

  /**
   * Of the successful requests that carried a TTFT objective (their own or the run's), the
   * fraction whose first token came within it; null when none carried one.
   */
  public Double ttftWithinObjective() {
    long total = withObjective.sum();
    return total == 0 ? null : (double) withinObjective.sum() / total;
  }

  public LatencySummary ttft() {
    return LatencySummary.ofMicros(ttft.copy());
  }

  public LatencySummary itl() {
    return LatencySummary.ofMicros(itl.copy());
  }

  public LatencySummary e2e() {
    return LatencySummary.ofMicros(e2e.copy());
  }

  public LatencySummary sendLag() {
    return LatencySummary.ofMicros(sendLag.copy());
  }

  private static long micros(long nanos) {
    return Math.min(MAX_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
  }
}
