package dev.baton.bench.client;

import java.util.Map;

/** The SLO headers a request may carry, as Baton and llm-d read them. */
public final class SloHeaders {

  /** The TTFT objective in ms (llm-d's name, which Baton reads first). */
  public static final String TTFT = "x-llm-d-slo-ttft-ms";
  /** The time-per-output-token objective in ms. */
  public static final String TPOT = "x-llm-d-slo-tpot-ms";
  /** The shorter TTFT name Baton also accepts. */
  private static final String TTFT_SHORT = "x-slo-ttft-ms";

  private SloHeaders() {}

  /** The TTFT objective (ms) an SLO header among {@code headers} sets, or null (also when bad). */
  public static Double ttftObjectiveMs(Map<String, String> headers) {
    for (String name : new String[] {TTFT, TTFT_SHORT}) {
      for (Map.Entry<String, String> h : headers.entrySet()) {
        if (h.getKey().equalsIgnoreCase(name)) {
          try {
            return Double.valueOf(h.getValue().strip());
          } catch (NumberFormatException e) {
            return null;
          }
        }
      }
    }
    return null;
  }

  /** An objective as a header value: whole milliseconds without a fraction. */
  public static String value(double ms) {
    return ms == Math.rint(ms) && Math.abs(ms) < 1e15 ? Long.toString((long) ms)
        : Double.toString(ms);
  }
}
