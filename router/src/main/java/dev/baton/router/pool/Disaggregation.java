package dev.baton.router.pool;

/**
 * When a pool runs prefill on a separate worker.
 *
 * @param enabled false serves every request aggregated on one worker
 * @param uncachedTokenThreshold disaggregate when the estimated prompt tokens not already cached on
 *     the chosen decode endpoint reach this many; 0 means always (when a prefill endpoint is healthy)
 */
public record Disaggregation(boolean enabled, int uncachedTokenThreshold) {

  public static final Disaggregation OFF = new Disaggregation(false, 0);

  public Disaggregation {
    if (uncachedTokenThreshold < 0) {
      throw new IllegalArgumentException("uncachedTokenThreshold must be >= 0");
    }
  }

  public static Disaggregation always() {
    return new Disaggregation(true, 0);
  }

  public static Disaggregation atLeast(int uncachedTokens) {
    return new Disaggregation(true, uncachedTokens);
  }
}
