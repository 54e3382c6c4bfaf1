package dev.baton.server.slo;

import dev.baton.router.latency.LatencyObservation;
import dev.baton.router.latency.SloTarget;
import dev.baton.server.metrics.TokenTimingListener;

/**
 * One routed request's latency, as its record sees it: teaches the latency models the observed TTFT
 * and TPOT, and counts whether the request met its TTFT objective. A whole request's endpoint
 * learns both; a split request's prefill endpoint learns its TTFT (the prompt was its work) and its
 * decode endpoint the TPOT (the tokens after the first are). Only a streamed answer shows its first
 * token; a whole answer's first byte is its last, so it teaches nothing and only releases the
 * prefill it was counted for. Called on the request's event loop.
 *
 * @param observation the whole request's or the prefill leg's observation
 * @param decode the decode leg's observation of a split request, or null
 */
record LatencyWatch(LatencyObservation observation, LatencyObservation decode, SloTarget target,
    boolean streamed, SloMetrics metrics) implements TokenTimingListener {

  @Override
  public void firstToken(long ttftNanos) {
    if (!streamed) {
      observation.end(Double.NaN, 0);
      return;
    }
    double ms = ttftNanos / 1e6;
    observation.firstToken(ms);
    if (decode != null) {
      decode.firstToken(ms);
    }
    if (target.hasTtft()) {
      metrics.ttftAttained(observation.hardware().name(), ms <= target.ttftMs());
    }
  }

  @Override
  public void ended(long firstToLastNanos, int tokens) {
    double tpotMs = streamed && tokens >= 2 ? firstToLastNanos / 1e6 / (tokens - 1) : Double.NaN;
    observation.end(tpotMs, tokens);
    if (decode != null) {
      decode.end(tpotMs, tokens);
    }
    if (SloTrace.enabled()) {
      SloTrace.ended(observation, target, tpotMs);
      if (decode != null) {
        SloTrace.ended(decode, target, tpotMs);
      }
    }
  }
}
