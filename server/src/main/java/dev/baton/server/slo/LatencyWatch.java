package dev.baton.server.slo;

import dev.baton.router.latency.LatencyObservation;
import dev.baton.router.latency.SloTarget;
import dev.baton.server.metrics.TokenTimingListener;

/**
 * One routed request's latency, as its record sees it: teaches the latency model the observed TTFT
 * and TPOT, and counts whether the request met its TTFT objective. Only a streamed answer shows its
 * first token; a whole answer's first byte is its last, so it teaches nothing and only releases the
 * prefill it was counted for. A split request's tokens come from its decode endpoint, not the
 * prefill endpoint the observation watches, so its TPOT is not learned. Called on the request's
 * event loop.
 */
record LatencyWatch(LatencyObservation observation, SloTarget target, boolean streamed,
    boolean split, SloMetrics metrics) implements TokenTimingListener {

  @Override
  public void firstToken(long ttftNanos) {
    if (!streamed) {
      observation.end(Double.NaN, 0);
      return;
    }
    double ms = ttftNanos / 1e6;
    observation.firstToken(ms);
    if (target.hasTtft()) {
      metrics.ttftAttained(observation.hardware().name(), ms <= target.ttftMs());
    }
  }

  @Override
  public void ended(long firstToLastNanos, int tokens) {
    double tpotMs = streamed && !split && tokens >= 2 ? firstToLastNanos / 1e6 / (tokens - 1) : Double.NaN;
    observation.end(tpotMs, tokens);
    if (SloTrace.enabled()) {
      SloTrace.ended(observation, target, split, tpotMs, tokens);
    }
  }
}
