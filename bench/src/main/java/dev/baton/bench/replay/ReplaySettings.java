package dev.baton.bench.replay;

import dev.baton.bench.trace.TraceSlice;
import java.time.Duration;
import java.util.Objects;

/**
 * How to replay a trace ({@code baton replay}'s flags).
 *
 * @param speedup divides the recorded gaps between arrivals: 2 sends the trace at twice its rate
 * @param slice which part of the trace to send (train / held-out splits)
 * @param label names the run in its summary ({@code replay} when null)
 * @param seed seeds the prompt tokens no block hash covers
 * @param requestTimeout a request not finished within this is aborted and counted as a timeout
 * @param headers the names each line's priority, session and tenant are sent under
 */
public record ReplaySettings(double speedup, TraceSlice slice, String label, long seed,
    Duration requestTimeout, TraceHeaders headers) {

  /** Recorded speed, the whole trace, label {@code replay}, seed 42, 60 s per request. */
  public static final ReplaySettings DEFAULTS =
      new ReplaySettings(1.0, TraceSlice.ALL, "replay", 42, Duration.ofSeconds(60));

  /** Settings sending the lines' headers under Baton's default names. */
  public ReplaySettings(
      double speedup, TraceSlice slice, String label, long seed, Duration requestTimeout) {
    this(speedup, slice, label, seed, requestTimeout, TraceHeaders.BATON_DEFAULTS);
  }

  public ReplaySettings {
    if (!(speedup > 0) || Double.isInfinite(speedup)) {
      throw new IllegalArgumentException("speedup must be a positive number, got " + speedup);
    }
    slice = slice == null ? TraceSlice.ALL : slice;
    label = label == null || label.isBlank() ? "replay" : label;
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    headers = headers == null ? TraceHeaders.BATON_DEFAULTS : headers;
  }

  public ReplaySettings withSpeedup(double value) {
    return new ReplaySettings(value, slice, label, seed, requestTimeout, headers);
  }

  public ReplaySettings withSlice(TraceSlice value) {
    return new ReplaySettings(speedup, value, label, seed, requestTimeout, headers);
  }

  public ReplaySettings withLabel(String value) {
    return new ReplaySettings(speedup, slice, value, seed, requestTimeout, headers);
  }

  public ReplaySettings withRequestTimeout(Duration value) {
    return new ReplaySettings(speedup, slice, label, seed, value, headers);
  }

  public ReplaySettings withHeaders(TraceHeaders value) {
    return new ReplaySettings(speedup, slice, label, seed, requestTimeout, value);
  }
}
