package dev.baton.server.slo;

import dev.baton.router.latency.LatencyFeatures;
import dev.baton.router.latency.LatencyObservation;
import dev.baton.router.latency.SloTarget;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * One line per watched request, at DEBUG on the logger {@code dev.baton.server.slo.SloTrace}: the
 * class and endpoint it went to, its objective, the predicted and observed TTFT and TPOT, and the
 * TTFT features it was predicted from. What {@code scripts/bench-slo} reads to tell where missed
 * objectives come from (a wrong class, a queue, a misprediction); off, it costs one level check.
 */
final class SloTrace {
  private static final Logger LOG = System.getLogger(SloTrace.class.getName());

  private SloTrace() {}

  static boolean enabled() {
    return LOG.isLoggable(Level.DEBUG);
  }

  /** Writes the line of one leg of a request that ended at mean TPOT {@code tpotMs}. */
  static void ended(LatencyObservation o, SloTarget target, double tpotMs) {
    double[] x = o.ttftFeatures();
    LOG.log(Level.DEBUG, () -> String.format(Locale.ROOT,
        "slo-trace leg=%s class=%s endpoint=%s target_ttft=%.0f target_tpot=%.0f"
            + " predicted_ttft=%.1f observed_ttft=%.1f predicted_tpot=%.2f observed_tpot=%.2f"
            + " uncached=%.0f pending=%.0f inflight=%.0f waiting=%.0f kv=%.3f",
        o.leg().name().toLowerCase(Locale.ROOT), o.hardware().name(), o.endpoint().id(),
        target.ttftMs(), target.tpotMs(), o.predictedTtftMs(), o.observedTtftMs(),
        o.predictedTpotMs(), tpotMs, LatencyFeatures.uncachedTokens(x),
        LatencyFeatures.pendingPrefillTokens(x), LatencyFeatures.inFlightRequests(x),
        LatencyFeatures.waiting(x), LatencyFeatures.kvCacheUsage(x)));
  }
}
