package dev.baton.router.latency;

import java.util.function.UnaryOperator;

/**
 * A request's latency objective: time to first token and time per output token after it, in
 * milliseconds; 0 means no target for that measure.
 *
 * <p>Read from the request's headers with {@link #fromHeaders}; where a request sets none, the
 * front door may apply a per-model or per-tenant default from YAML.
 *
 * @param ttftMs time to first token the client asks for, ms (0: none)
 * @param tpotMs time per output token after the first, ms (0: none)
 */
public record SloTarget(double ttftMs, double tpotMs) {

  /** No objective: latency plugins treat the request like any other. */
  public static final SloTarget NONE = new SloTarget(0, 0);

  /** llm-d's header for the TTFT target, in ms. */
  public static final String TTFT_HEADER = "x-llm-d-slo-ttft-ms";
  /** llm-d's header for the TPOT target, in ms. */
  public static final String TPOT_HEADER = "x-llm-d-slo-tpot-ms";
  /** The older spelling of {@link #TTFT_HEADER}, still honoured. */
  public static final String LEGACY_TTFT_HEADER = "x-slo-ttft-ms";
  /** The older spelling of {@link #TPOT_HEADER}, still honoured. */
  public static final String LEGACY_TPOT_HEADER = "x-slo-tpot-ms";

  /** Longest target accepted: an hour. Anything longer is a typo, not an objective. */
  public static final double MAX_MS = 3_600_000;

  public SloTarget {
    if (!(ttftMs >= 0 && ttftMs <= MAX_MS) || !(tpotMs >= 0 && tpotMs <= MAX_MS)) {
      throw new IllegalArgumentException(
          "SLO targets must be within [0, " + (long) MAX_MS + "] ms, got ttft " + ttftMs
              + ", tpot " + tpotMs);
    }
  }

  public boolean hasTtft() {
    return ttftMs > 0;
  }

  public boolean hasTpot() {
    return tpotMs > 0;
  }

  /** True when the request sets any objective. */
  public boolean any() {
    return ttftMs > 0 || tpotMs > 0;
  }

  /** This target where it sets a measure, else {@code fallback}'s: headers override defaults. */
  public SloTarget orElse(SloTarget fallback) {
    return new SloTarget(hasTtft() ? ttftMs : fallback.ttftMs, hasTpot() ? tpotMs : fallback.tpotMs);
  }

  /**
   * Reads the SLO headers through {@code header} (a lookup by lower-case name, null when absent):
   * the llm-d names first, the older {@code x-slo-*} names where those are absent. The hook any
   * front end (HTTP, an Envoy external processor) uses, so all read the same names the same way.
   *
   * @throws IllegalArgumentException naming the header, for a value that is not a number of
   *     milliseconds in [0, {@link #MAX_MS}]
   */
  public static SloTarget fromHeaders(UnaryOperator<String> header) {
    double ttft = millis(header, TTFT_HEADER, LEGACY_TTFT_HEADER);
    double tpot = millis(header, TPOT_HEADER, LEGACY_TPOT_HEADER);
    return ttft == 0 && tpot == 0 ? NONE : new SloTarget(ttft, tpot);
  }

  private static double millis(UnaryOperator<String> header, String name, String legacy) {
    String used = name;
    String value = header.apply(name);
    if (value == null) {
      used = legacy;
      value = header.apply(legacy);
    }
    if (value == null || value.isBlank()) {
      return 0;
    }
    double ms;
    try {
      ms = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      ms = Double.NaN;
    }
    if (!(ms >= 0 && ms <= MAX_MS)) {
      throw new IllegalArgumentException("header " + used + " must be a number of milliseconds in"
          + " [0, " + (long) MAX_MS + "], got '" + value + "'");
    }
    return ms;
  }
}
