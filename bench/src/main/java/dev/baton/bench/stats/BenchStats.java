package dev.baton.bench.stats;

import dev.baton.bench.client.ErrorKind;
import dev.baton.bench.client.ExchangeResult;
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

  public BenchStats() {
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

  /** The fraction of recorded first tokens that came within {@code ms}; 0 when none came. */
  public double ttftWithin(double ms) {
    long total = ttft.getTotalCount();
    return total == 0 ? 0 : (double) ttft.getCountBetweenValues(0, (long) (ms * 1000)) / total;
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
