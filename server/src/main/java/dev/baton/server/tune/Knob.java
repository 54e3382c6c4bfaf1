package dev.baton.server.tune;

import java.util.Locale;

/**
 * One setting of the default decode profile that {@code baton tune} searches, with its range. A
 * sample in [0, 1) maps linearly onto the range and is rounded to {@code step}, so a tuned profile
 * reads like one a person wrote (weights to a tenth, the threshold to a 64-token block).
 *
 * <p>Ranges: each weight from 0 (scorer off) to about twice its default, so the default sits inside
 * the space and a search can both drop a scorer and let it dominate; session affinity up to 12 (its
 * default 6 beats any single load scorer). docs/tuning.md lists them.
 */
public enum Knob {
  /** Weight of the {@code prefix-cache} scorer in the decode profile (default 3). */
  PREFIX_CACHE_WEIGHT(0, 8, 0.1, 3),
  /** Weight of {@code queue-depth} (default 2). */
  QUEUE_DEPTH_WEIGHT(0, 6, 0.1, 2),
  /** Weight of {@code kv-cache-utilization} (default 2). */
  KV_CACHE_UTILIZATION_WEIGHT(0, 6, 0.1, 2),
  /** Weight of {@code inflight-requests} (default 2). */
  INFLIGHT_REQUESTS_WEIGHT(0, 6, 0.1, 2),
  /** Weight of {@code inflight-tokens} (default 1). */
  INFLIGHT_TOKENS_WEIGHT(0, 4, 0.1, 1),
  /** Weight of {@code session-affinity} (default 6). */
  SESSION_AFFINITY_WEIGHT(0, 12, 0.1, 6),
  /** {@code prefix-cache}'s {@code newPrefixScore}: how strongly new prefixes are spread (0.5). */
  NEW_PREFIX_SCORE(0, 1, 0.05, 0.5),
  /** The decode picker, an index into {@link PickerChoice} (default {@code max-score}). */
  PICKER(0, PickerChoice.values().length, 1, 0),
  /**
   * {@code pd-decider}'s {@code uncachedTokens}: split a request when at least this many prompt
   * tokens are not cached on the decode endpoint. Searched only for fleets that disaggregate.
   */
  UNCACHED_TOKEN_THRESHOLD(0, 4096, 64, 0);

  private final double low;
  private final double high;
  private final double step;
  private final double defaultValue;

  Knob(double low, double high, double step, double defaultValue) {
    this.low = low;
    this.high = high;
    this.step = step;
    this.defaultValue = defaultValue;
  }

  /** The value at {@code unit} in [0, 1): linear over the range, rounded down to the step. */
  public double valueAt(double unit) {
    double u = Math.min(Math.max(unit, 0), Math.nextDown(1.0));
    double steps = Math.floor(u * (high - low) / step + (step == 1 ? 0 : 0.5));
    double value = low + steps * step;
    // Round away the binary fractions of tenths so the YAML shows 2.3, not 2.3000000000000003.
    return Math.min(Math.round(value * 1e6) / 1e6, step == 1 ? high - 1 : high);
  }

  public double low() {
    return low;
  }

  public double high() {
    return high;
  }

  /** The default profile's value (for the threshold: 0, i.e. the pool's own). */
  public double defaultValue() {
    return defaultValue;
  }

  /** The name in reports and the trials JSON, e.g. {@code prefix-cache-weight}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
