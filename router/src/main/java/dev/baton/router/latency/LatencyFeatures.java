package dev.baton.router.latency;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.EngineLoad;

/**
 * The features the latency model reads, from what Baton already knows of an endpoint when it routes:
 * the prompt tokens the endpoint lacks, the prompt tokens routed there and not yet past their first
 * token, Baton's in-flight requests and tokens there, and (when fresh) the engine's queue and KV-cache
 * use. Each is scaled to about 1 at a busy endpoint, so the regression is well conditioned.
 *
 * <p>TTFT features: {@code [1, uncached/1k, pendingPrefill/1k, inFlightRequests/64, waiting/8,
 * kvUsage]}. TPOT features: {@code [1, inFlightRequests/64, inFlightTokens/100k, pendingPrefill/1k,
 * kvUsage]}.
 */
public final class LatencyFeatures {
  /** Number of TTFT features. */
  public static final int TTFT = 6;
  /** Number of TPOT features. */
  public static final int TPOT = 5;
  /** Engine metrics older than this are not used (as the load scorers' default). */
  static final long MAX_METRICS_AGE_NANOS = 2_000_000_000L;

  static final double TOKENS_SCALE = 1_000;
  static final double REQUESTS_SCALE = 64;
  static final double WAITING_SCALE = 8;
  static final double CONTEXT_SCALE = 100_000;

  private LatencyFeatures() {}

  /** Writes the TTFT features of sending {@code uncachedTokens} to {@code e} into {@code x}. */
  public static void ttft(EndpointState e, int uncachedTokens, long nowNanos, double[] x) {
    EngineLoad load = e.load();
    boolean fresh = !load.isStale(nowNanos, MAX_METRICS_AGE_NANOS);
    x[0] = 1;
    x[1] = Math.max(uncachedTokens, 0) / TOKENS_SCALE;
    x[2] = e.pendingPrefillTokens() / TOKENS_SCALE;
    x[3] = e.inFlightRequests() / REQUESTS_SCALE;
    x[4] = fresh ? load.waiting() / WAITING_SCALE : 0;
    x[5] = fresh ? load.kvCacheUsage() : 0;
  }

  /** The uncached prompt tokens TTFT features {@code x} were written for. */
  public static double uncachedTokens(double[] x) {
    return x[1] * TOKENS_SCALE;
  }

  /** The pending prefill tokens of TTFT features {@code x}. */
  public static double pendingPrefillTokens(double[] x) {
    return x[2] * TOKENS_SCALE;
  }

  /** Baton's in-flight requests of TTFT features {@code x}. */
  public static double inFlightRequests(double[] x) {
    return x[3] * REQUESTS_SCALE;
  }

  /** The engine queue of TTFT features {@code x} (0 when its metrics were stale). */
  public static double waiting(double[] x) {
    return x[4] * WAITING_SCALE;
  }

  /** The KV-cache use of TTFT features {@code x} (0 when stale). */
  public static double kvCacheUsage(double[] x) {
    return x[5];
  }

  /** Writes the TPOT features of a request decoding on {@code e} into {@code x}. */
  public static void tpot(EndpointState e, long nowNanos, double[] x) {
    EngineLoad load = e.load();
    boolean fresh = !load.isStale(nowNanos, MAX_METRICS_AGE_NANOS);
    x[0] = 1;
    x[1] = e.inFlightRequests() / REQUESTS_SCALE;
    x[2] = e.inFlightTokens() / CONTEXT_SCALE;
    x[3] = e.pendingPrefillTokens() / TOKENS_SCALE;
    x[4] = fresh ? load.kvCacheUsage() : 0;
  }

  /**
   * The engine model's TTFT coefficients for {@code c} (docs/calibration.md): about a step and a
   * half of fixed cost (the running step ends, then ours runs), each uncached or pending prompt
   * token's compute, and the decode work of the running batch sharing the steps.
   */
  static double[] ttftPrior(HardwareClass c) {
    double batchMs = REQUESTS_SCALE * c.decodeMsPerSeq()
        + REQUESTS_SCALE * HardwareClass.PRICED_CONTEXT * c.contextUsPerToken() / 1000.0;
    double perThousand = c.prefillUsPerToken() * TOKENS_SCALE / 1000.0;
    return new double[] {1.5 * c.stepOverheadMs(), perThousand, perThousand, batchMs, 0, 0};
  }

  /** The engine model's TPOT coefficients for {@code c}: one step per token. */
  static double[] tpotPrior(HardwareClass c) {
    return new double[] {
      c.stepOverheadMs(),
      REQUESTS_SCALE * c.decodeMsPerSeq(),
      CONTEXT_SCALE * c.contextUsPerToken() / 1000.0,
      // Prefill chunks share the steps of running decodes: a fraction of a pending prompt's compute.
      0.1 * c.prefillUsPerToken() * TOKENS_SCALE / 1000.0,
      0
    };
  }
}
